// After `backstage-cli package build`, packages/backend/dist holds only the bundle
// and skeleton tarballs that the Dockerfile installs. This unpacks the bundle beside
// them and writes dist/index.cjs.js (the package's "main") so that, from the
// repository root,
//   node packages/backend --config app-config.yaml --config app-config.production.yaml
// runs the built backend and built plugins, with third-party packages taken from the
// repository's node_modules (found by walking up from dist/workspace).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const distDir = path.join(repoRoot, 'packages/backend/dist');
const workspaceDir = path.join(distDir, 'workspace');
const bundle = path.join(distDir, 'bundle.tar.gz');

if (!fs.existsSync(bundle)) {
  console.error(`[portal] ${bundle} is missing; run the backend build first.`);
  process.exit(1);
}
fs.rmSync(workspaceDir, { recursive: true, force: true });
fs.mkdirSync(workspaceDir, { recursive: true });
execFileSync('tar', ['xzf', bundle, '-C', workspaceDir]);

// Each bundled workspace package becomes resolvable by name from inside the bundle,
// and keeps the nested node_modules that Yarn gave its source folder.
const linkDir = path.join(workspaceDir, 'node_modules');
for (const group of ['packages', 'plugins']) {
  const groupDir = path.join(workspaceDir, group);
  if (!fs.existsSync(groupDir)) continue;
  for (const folder of fs.readdirSync(groupDir)) {
    const packageDir = path.join(groupDir, folder);
    const { name } = JSON.parse(
      fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
    );
    const link = path.join(linkDir, name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(link), packageDir), link);
    const sourceModules = path.join(repoRoot, group, folder, 'node_modules');
    if (fs.existsSync(sourceModules)) {
      fs.symlinkSync(sourceModules, path.join(packageDir, 'node_modules'));
    }
  }
}

fs.writeFileSync(
  path.join(distDir, 'index.cjs.js'),
  "// Written by scripts/unpackBackendBundle.cjs: starts the unpacked production bundle.\nrequire('./workspace/packages/backend/dist/index.cjs.js');\n",
);
console.log('[portal] Unpacked the backend bundle into packages/backend/dist/workspace');
