# The portal's production image: one Node process that serves the built frontend
# (packages/app, through @backstage/plugin-app-backend) and the API on port 7007.
#
# Build from the repository root (BuildKit, the default builder since Docker 23):
#   docker build -t wayfarer-portal:<tag> .
#
# The layout follows Backstage's documented multi-stage build
# (https://backstage.io/docs/deployment/docker#multi-stage-build), with the production
# install split from the runtime so that compilers never reach the final image:
#   packages  the package.json of every workspace, so the install layer stays cached
#             until a dependency changes
#   build     full install, type check, `yarn build:backend` (backend bundle + frontend)
#   deps      production-only install of what the bundle needs; compiles better-sqlite3
#   runtime   Node, production node_modules and the bundle, run as the `node` user
#
# Every stage uses the same base image: native addons built in `deps` must match the
# Node ABI and glibc of `runtime`. Node 22 is what this Backstage release supports
# (engines "22 || 24"); change the major in one place.
ARG NODE_IMAGE=node:22-bookworm-slim

# Stage 1: the install skeleton.
FROM ${NODE_IMAGE} AS packages
WORKDIR /app
COPY package.json yarn.lock ./
COPY packages packages
COPY plugins plugins
# Keep only each workspace's package.json; sources are copied in the build stage.
RUN find packages plugins -mindepth 2 -maxdepth 2 \! -name package.json -exec rm -rf {} \+

# Stage 2: install everything and build.
FROM ${NODE_IMAGE} AS build
# node-gyp compiles better-sqlite3 when no prebuilt binary can be downloaded.
RUN apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ make libsqlite3-dev && \
    rm -rf /var/lib/apt/lists/*
ENV PYTHON=/usr/bin/python3
USER node
WORKDIR /app
# The committed Yarn release (.yarn/releases, yarnPath in .yarnrc.yml) runs every Yarn
# command, so the image builds with exactly the Yarn the lockfile was written by.
COPY --chown=node:node .yarn ./.yarn
COPY --chown=node:node .yarnrc.yml backstage.json ./
COPY --from=packages --chown=node:node /app ./
RUN --mount=type=cache,target=/home/node/.yarn/berry/cache,sharing=locked,uid=1000,gid=1000 \
    node .yarn/releases/yarn-*.cjs install --immutable

COPY --chown=node:node . .
RUN node .yarn/releases/yarn-*.cjs tsc
RUN node .yarn/releases/yarn-*.cjs build:backend

# Gather what the runtime needs: the install skeleton and the bundle the backend build
# wrote, the configuration, and the files the catalog reads from disk (demo
# organization, templates, policies, the portal's own docs and each package's catalog-info.yaml).
RUN mkdir -p /tmp/out/skeleton /tmp/out/bundle /tmp/out/files && \
    tar xzf packages/backend/dist/skeleton.tar.gz -C /tmp/out/skeleton && \
    tar xzf packages/backend/dist/bundle.tar.gz -C /tmp/out/bundle && \
    cp -r app-config*.yaml catalog-info.yaml examples /tmp/out/files/ && \
    for optional in templates docs mkdocs.yml policies; do \
      if [ -e "$optional" ]; then cp -r "$optional" /tmp/out/files/; fi; \
    done && \
    find packages plugins -mindepth 2 -maxdepth 2 -name catalog-info.yaml \
      -exec cp --parents {} /tmp/out/files/ \;

# Stage 3: production dependencies only.
FROM ${NODE_IMAGE} AS deps
RUN apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ make libsqlite3-dev && \
    rm -rf /var/lib/apt/lists/*
ENV PYTHON=/usr/bin/python3
ENV NODE_ENV=production
USER node
WORKDIR /app
COPY --chown=node:node .yarn ./.yarn
COPY --chown=node:node .yarnrc.yml backstage.json package.json yarn.lock ./
COPY --from=build --chown=node:node /tmp/out/skeleton/ ./
RUN --mount=type=cache,target=/home/node/.yarn/berry/cache,sharing=locked,uid=1000,gid=1000 \
    node .yarn/releases/yarn-*.cjs workspaces focus --all --production

# Stage 4: the image that runs.
FROM ${NODE_IMAGE} AS runtime
# Many dependencies switch to their production behaviour on this.
ENV NODE_ENV=production
WORKDIR /app
# The application files stay owned by root, so the process cannot rewrite its own code;
# it writes only to /tmp (scaffolder workspaces, TechDocs output), which Kubernetes
# mounts as an emptyDir under a read-only root filesystem.
COPY --from=deps /app ./
COPY --from=build /tmp/out/bundle/ ./
COPY --from=build /tmp/out/files/ ./

USER node
EXPOSE 7007
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:7007/.backstage/health/v1/liveness').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
