import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  startProductionBackend,
  uniqueDatabasePrefix,
} from '../support/productionBackend';

// The errors a new operator meets first must read as sentences that say what to do,
// not as stack traces.

const REPO_ROOT = resolve(__dirname, '../..');
const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$/m;

function occupy(port: number): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolveServer(server));
  });
}

test.describe('start-up errors', () => {
  test('PostgreSQL that refuses connections is named, with what to check', async () => {
    const backend = startProductionBackend({
      port: 7110,
      databasePrefix: uniqueDatabasePrefix(),
      env: { POSTGRES_PORT: '1' },
    });
    const code = await backend.exited;
    await backend.stop();
    expect(code).toBe(1);
    expect(backend.output()).toContain(
      'refused the connection. Is the server running and listening on that address? Check POSTGRES_HOST and POSTGRES_PORT.',
    );
    expect(backend.output()).not.toMatch(STACK_FRAME);
  });

  test('wrong PostgreSQL credentials are named as such', async () => {
    const backend = startProductionBackend({
      port: 7111,
      databasePrefix: uniqueDatabasePrefix(),
      env: { POSTGRES_USER: 'no_such_portal_user' },
    });
    const code = await backend.exited;
    await backend.stop();
    expect(code).toBe(1);
    expect(backend.output()).toMatch(/rejected the credentials|cannot be used/);
    expect(backend.output()).not.toMatch(STACK_FRAME);
  });

  test('a taken backend port is named, with how to find who holds it', async () => {
    const blocker = await occupy(7112);
    try {
      const backend = startProductionBackend({
        port: 7112,
        databasePrefix: uniqueDatabasePrefix(),
      });
      const code = await backend.exited;
      await backend.stop();
      expect(code).toBe(1);
      expect(backend.output()).toContain('Port 7112 is already in use');
      expect(backend.output()).not.toMatch(STACK_FRAME);
    } finally {
      blocker.close();
    }
  });

  test('./portal start refuses a taken port 3000 before starting anything', async () => {
    const blocker = await occupy(3000);
    try {
      const result = await new Promise<{ code: number; output: string }>(done =>
        execFile(
          './portal',
          ['start'],
          { cwd: REPO_ROOT },
          (error, stdout, stderr) =>
            done({ code: (error as any)?.code ?? 0, output: stdout + stderr }),
        ),
      );
      expect(result.code).toBe(1);
      expect(result.output).toContain(
        "Port 3000 (the portal's web app) is already in use.",
      );
    } finally {
      blocker.close();
    }
  });

  test('a Node older than 22 with no npm to fetch a newer one is explained', async () => {
    // A PATH holding only a fake Node 18 and the few tools the script uses; no npm.
    const bin = mkdtempSync(join(tmpdir(), 'old-node-'));
    writeFileSync(join(bin, 'node'), '#!/bin/sh\necho v18.19.0\n');
    chmodSync(join(bin, 'node'), 0o755);
    for (const tool of ['sed', 'uname', 'dirname']) {
      symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    }
    const result = await new Promise<{ code: number; output: string }>(done =>
      execFile(
        '/bin/bash',
        [
          '-c',
          'source scripts/toolchain.sh; TOOLCHAIN_DIR=/nonexistent; ensure_node',
        ],
        { cwd: REPO_ROOT, env: { PATH: bin } },
        (error, stdout, stderr) =>
          done({ code: (error as any)?.code ?? 0, output: stdout + stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      'Node 22 or newer is needed and there is no npm to fetch it with.',
    );
  });
});
