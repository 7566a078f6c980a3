import { Config } from '@backstage/config';
import { createServer } from 'node:net';

/** Returns a sentence when the backend's listen port is already taken. */
export async function checkListenPort(config: Config): Promise<string[]> {
  const { port, host } = listenAddress(config);
  const free = await new Promise<boolean>(resolve => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host }, () => server.close(() => resolve(true)));
  });
  if (free) {
    return [];
  }
  return [
    `Port ${port} is already in use, so the portal backend cannot listen there. Stop the other process (see: ss -ltnp 'sport = :${port}') or set backend.listen.port to a free port.`,
  ];
}

function listenAddress(config: Config): { port: number; host?: string } {
  const listen = config.getOptional('backend.listen');
  if (typeof listen === 'string') {
    const [host, port] = listen.split(':');
    return { port: Number(port || 7007), host: host || undefined };
  }
  return {
    port: config.getOptionalNumber('backend.listen.port') ?? 7007,
    host: config.getOptionalString('backend.listen.host'),
  };
}
