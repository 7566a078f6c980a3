import Fastify, { type FastifyInstance } from 'fastify';
import { createMetrics } from './metrics.ts';

export type ServerOptions = {
  /** pino log level; 'silent' in tests. */
  logLevel?: string;
};

/**
 * Builds the HTTP server: the API (see openapi.yaml), liveness and readiness for
 * Kubernetes, and Prometheus metrics. Logs are JSON lines (pino), one per request.
 */
export function buildServer(options: ServerOptions = {}) {
  const metrics = createMetrics();
  const state = { ready: false };
  const app: FastifyInstance = Fastify({
    logger: { level: options.logLevel ?? 'info' },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({
      method: request.method,
      route,
      status_code: String(reply.statusCode),
    });
    metrics.duration.observe(
      { method: request.method, route },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (!state.ready) {
      return reply.code(503).send({ status: 'starting or stopping' });
    }
    return { status: 'ready' };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get<{ Params: { name: string } }>(
    '/v1/greetings/:name',
    {
      schema: {
        params: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
          },
          required: ['name'],
        },
      },
    },
    async request => ({ message: `Hello, ${request.params.name}!` }),
  );

  return {
    app,
    /** Readiness follows the server: ready once listening, not while draining. */
    setReady(ready: boolean) {
      state.ready = ready;
    },
  };
}
