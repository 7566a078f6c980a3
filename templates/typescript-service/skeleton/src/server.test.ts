import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { buildServer } from './server.ts';

describe('${{ values.name }}', () => {
  let server: ReturnType<typeof buildServer> | undefined;

  afterEach(async () => {
    await server?.app.close();
  });

  function start() {
    server = buildServer({ logLevel: 'silent' });
    return server;
  }

  it('is alive as soon as it runs', async () => {
    const res = await start().app.inject({ url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('is ready only while it takes traffic', async () => {
    const { app, setReady } = start();
    assert.equal((await app.inject({ url: '/readyz' })).statusCode, 503);
    setReady(true);
    assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
    setReady(false);
    assert.equal((await app.inject({ url: '/readyz' })).statusCode, 503);
  });

  it('greets by name and refuses a name that is too long', async () => {
    const { app } = start();
    const res = await app.inject({ url: '/v1/greetings/Ada' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { message: 'Hello, Ada!' });
    const tooLong = await app.inject({ url: `/v1/greetings/${'a'.repeat(65)}` });
    assert.equal(tooLong.statusCode, 400);
  });

  it('counts requests in Prometheus metrics by route and status', async () => {
    const { app } = start();
    await app.inject({ url: '/v1/greetings/Ada' });
    const res = await app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(
      res.body,
      /http_requests_total\{method="GET",route="\/v1\/greetings\/:name",status_code="200"\} 1/,
    );
    assert.match(res.body, /http_request_duration_seconds_bucket/);
    assert.match(res.body, /process_cpu_seconds_total/);
  });
});
