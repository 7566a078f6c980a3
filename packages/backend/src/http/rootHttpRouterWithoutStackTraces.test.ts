import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { configureWithoutStackTraces } from './rootHttpRouterWithoutStackTraces';

describe('configureWithoutStackTraces', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('answers a bad request with its message and no stack trace, also in development', async () => {
    // Stock Backstage includes the stack when NODE_ENV is development.
    process.env.NODE_ENV = 'development';
    const app = express();
    const middleware = MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.rootLogger(),
    });
    configureWithoutStackTraces({
      middleware,
      // What the default setup does around a plugin's failing route.
      applyDefaults: () => {
        app.use((_req, _res, next) =>
          next(new InputError('Give the name in lowercase letters.')),
        );
        app.use(middleware.error());
      },
    });

    const response = await request(app).get('/api/databases/requests');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'InputError',
      message: 'Give the name in lowercase letters.',
    });
    expect(response.body.error.stack).toBeUndefined();
  });
});
