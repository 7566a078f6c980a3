import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * An in-process HTTP fake of the parts of the Kubernetes API the databases plugin uses, built
 * from the real contract: core/v1 Secrets and the CloudNativePG custom resources
 * (postgresql.cnpg.io/v1 clusters and databases) under /api and /apis, bearer-token auth,
 * resourceVersion optimistic concurrency, and the `Status` objects the API server answers
 * with (NotFound 404, AlreadyExists 409, Conflict 409, Unauthorized 401). A stand-in for
 * the CloudNativePG operator marks a Database applied once it exists. No cluster runs here,
 * so this is what the Kubernetes code is tested against; it is a fake, not Kubernetes.
 */
export class FakeKubernetesApi {
  readonly objects = new Map<string, any>();
  readonly requests: Array<{ method: string; path: string; body?: any }> = [];
  /** Answer the next PUT of this path with 409 Conflict, as if someone else wrote first. */
  conflictOnce = new Set<string>();
  private version = 1;
  private server?: http.Server;

  constructor(readonly token = 'test-token') {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    await new Promise(resolve => this.server?.close(resolve));
  }

  seedCluster(
    namespace: string,
    name: string,
    phase = 'Cluster in healthy state',
  ) {
    this.objects.set(
      this.key('postgresql.cnpg.io', 'clusters', namespace, name),
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: {
          name,
          namespace,
          resourceVersion: String(this.version++),
          uid: `uid-${name}`,
        },
        spec: { instances: 3, managed: { roles: [] } },
        status: { phase },
      },
    );
  }

  get(group: string, plural: string, namespace: string, name: string) {
    return this.objects.get(this.key(group, plural, namespace, name));
  }

  private key(group: string, plural: string, namespace: string, name: string) {
    return `${group}/${plural}/${namespace}/${name}`;
  }

  private status(
    res: http.ServerResponse,
    code: number,
    reason: string,
    message: string,
    details?: object,
  ) {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        ...(details ? { details } : {}),
        code,
      }),
    );
  }

  private send(res: http.ServerResponse, code: number, body: unknown) {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = '';
    req.on('data', chunk => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      const path = (req.url ?? '').split('?')[0];
      this.requests.push({ method: req.method!, path, body });
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        this.status(res, 401, 'Unauthorized', 'Unauthorized');
        return;
      }
      const core =
        /^\/api\/v1\/namespaces\/([^/]+)\/(secrets)(?:\/([^/]+))?$/.exec(path);
      const custom =
        /^\/apis\/(postgresql\.cnpg\.io)\/v1\/namespaces\/([^/]+)\/(clusters|databases)(?:\/([^/]+))?$/.exec(
          path,
        );
      if (!core && !custom) {
        this.status(
          res,
          404,
          'NotFound',
          'the server could not find the requested resource',
        );
        return;
      }
      const [group, namespace, plural, name] = core
        ? ['', core[1], core[2], core[3]]
        : [custom![1], custom![2], custom![3], custom![4]];
      const resource = group ? `${plural}.${group}` : plural;
      const key = (n: string) =>
        this.key(group || 'core', plural, namespace, n);

      if (req.method === 'POST' && !name) {
        const objectName = body?.metadata?.name;
        if (this.objects.has(key(objectName))) {
          this.status(
            res,
            409,
            'AlreadyExists',
            `${resource} "${objectName}" already exists`,
            {
              name: objectName,
              group: group || undefined,
              kind: plural,
            },
          );
          return;
        }
        const stored = {
          ...body,
          metadata: {
            ...body.metadata,
            namespace,
            resourceVersion: String(this.version++),
            uid: `uid-${objectName}`,
          },
        };
        if (plural === 'databases') {
          // The operator's part: it reconciles the Database and reports it applied.
          stored.status = { applied: true, observedGeneration: 1 };
        }
        this.objects.set(key(objectName), stored);
        this.send(res, 201, stored);
        return;
      }
      const existing = name ? this.objects.get(key(name)) : undefined;
      if (!existing) {
        this.status(res, 404, 'NotFound', `${resource} "${name}" not found`, {
          name,
          group: group || undefined,
          kind: plural,
        });
        return;
      }
      if (req.method === 'GET') {
        this.send(res, 200, existing);
      } else if (req.method === 'PUT') {
        const sent = body?.metadata?.resourceVersion;
        if (
          this.conflictOnce.delete(path) ||
          (sent && sent !== existing.metadata.resourceVersion)
        ) {
          this.status(
            res,
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
            { name, group: group || undefined, kind: plural },
          );
          return;
        }
        const stored = {
          ...body,
          metadata: {
            ...existing.metadata,
            ...body.metadata,
            resourceVersion: String(this.version++),
          },
          status: existing.status,
        };
        this.objects.set(key(name), stored);
        this.send(res, 200, stored);
      } else if (req.method === 'DELETE') {
        this.objects.delete(key(name));
        this.send(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name,
            group: group || undefined,
            kind: plural,
            uid: existing.metadata.uid,
          },
        });
      } else {
        this.status(
          res,
          405,
          'MethodNotAllowed',
          `method ${req.method} not allowed`,
        );
      }
    });
  }
}
