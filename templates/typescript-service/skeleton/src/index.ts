import { buildServer } from './server.ts';

const port = Number(process.env.PORT ?? 8080);
const { app, setReady } = buildServer({
  logLevel: process.env.LOG_LEVEL ?? 'info',
});

// Kubernetes sends SIGTERM before stopping a pod: stop taking new traffic
// (readiness fails), let in-flight requests finish, then exit.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    app.log.info({ signal }, 'shutting down');
    setReady(false);
    await app.close();
    process.exit(0);
  });
}

await app.listen({ port, host: '0.0.0.0' });
setReady(true);
