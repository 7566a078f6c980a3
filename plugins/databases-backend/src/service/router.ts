import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { Caller, DatabaseRequestService } from './DatabaseRequestService';

const REQUEST_STATUSES = [
  'awaiting-approval',
  'denied',
  'rejected',
  'queued',
  'running',
  'retrying',
  'completed',
  'failed',
] as const;

const listRequestsQuery = z
  .object({
    status: z.enum(REQUEST_STATUSES, { error: 'Unknown request status.' }).optional(),
    mine: z.enum(['true', 'false']).optional(),
  })
  .strict();

const listDatabasesQuery = z
  .object({
    component: z.string().max(255).optional(),
    owner: z.string().max(255).optional(),
  })
  .strict();

function query<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(result.error.issues.map(i => i.message).join(' '));
  }
  return result.data;
}

/**
 * The databases HTTP API under /api/databases. Every route but /health needs a signed-in
 * user (401 otherwise); /entities is for the catalog module's service calls only. The logic
 * and every permission check live in {@link DatabaseRequestService}.
 */
export function createRouter(options: {
  service: DatabaseRequestService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
}): express.Router {
  const { service, httpAuth, userInfo } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  const caller = async (req: express.Request): Promise<Caller> => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/options', async (req, res) => {
    await caller(req);
    res.json(service.getOptions());
  });

  router.post('/requests/dry-run', async (req, res) => {
    res.json({ verdict: await service.dryRun(await caller(req), req.body) });
  });

  router.post('/requests', async (req, res) => {
    res.status(201).json(await service.submit(await caller(req), req.body));
  });

  router.get('/requests', async (req, res) => {
    const who = await caller(req);
    const q = query(listRequestsQuery, req.query);
    res.json({
      items: await service.listRequests(who, { status: q.status, mine: q.mine === 'true' }),
    });
  });

  router.get('/requests/:id', async (req, res) => {
    res.json(await service.getRequest(await caller(req), req.params.id));
  });

  router.post('/requests/:id/approve', async (req, res) => {
    res.json(await service.approve(await caller(req), req.params.id, req.body));
  });

  router.post('/requests/:id/reject', async (req, res) => {
    res.json(await service.reject(await caller(req), req.params.id, req.body));
  });

  router.get('/databases', async (req, res) => {
    const who = await caller(req);
    res.json({ items: await service.listDatabases(who, query(listDatabasesQuery, req.query)) });
  });

  router.get('/databases/:id', async (req, res) => {
    res.json(await service.getDatabase(await caller(req), req.params.id));
  });

  router.get('/databases/:id/audit', async (req, res) => {
    res.json({ items: await service.auditTrail(await caller(req), req.params.id) });
  });

  router.post('/databases/:id/credentials', async (req, res) => {
    const credentials = await service.revealCredentials(await caller(req), req.params.id);
    res.setHeader('Cache-Control', 'no-store');
    res.json(credentials);
  });

  router.post('/databases/:id/rotate', async (req, res) => {
    res.status(202).json(await service.rotate(await caller(req), req.params.id));
  });

  router.post('/databases/:id/resize/dry-run', async (req, res) => {
    res.json({
      verdict: await service.dryRunResize(await caller(req), req.params.id, req.body),
    });
  });

  router.post('/databases/:id/resize', async (req, res) => {
    res.status(201).json(await service.resize(await caller(req), req.params.id, req.body));
  });

  router.post('/databases/:id/decommission', async (req, res) => {
    res
      .status(202)
      .json(await service.decommission(await caller(req), req.params.id, req.body));
  });

  router.post('/databases/:id/restore', async (req, res) => {
    res.status(202).json(await service.restore(await caller(req), req.params.id));
  });

  router.get('/entities', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json({ entities: await service.catalogEntities() });
  });

  return router;
}
