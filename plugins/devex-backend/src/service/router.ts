import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, serializeError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  activityReportSchema,
  dashboardQuerySchema,
  devexFeedbackCreatePermission,
  devexMetricsReadPermission,
  devexSurveyCommentAuthorsReadPermission,
  formatZodError,
  surveyAnswerSchema,
} from '@internal/plugin-devex-common';
import express, { ErrorRequestHandler } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { DashboardRequest, DashboardService } from './DashboardService';
import { FeedbackService } from './FeedbackService';
import { IngestionService } from './IngestionService';

/** Bodies larger than this are refused with 413 (500 events with commits fit easily). */
export const MAX_BODY_BYTES = 1024 * 1024;

export type RouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  ingestion: IngestionService;
  dashboards: DashboardService;
  feedback: FeedbackService;
};

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${formatZodError(result.error)}`);
  }
  return result.data;
}

const entityParams = z.strictObject({
  namespace: z.string().regex(/^[A-Za-z0-9._-]{1,63}$/, 'is not a namespace'),
  name: z.string().regex(/^[A-Za-z0-9._-]{1,63}$/, 'is not an entity name'),
});

const pendingQuery = z.strictObject({
  templateRun: z.string().min(1).max(200).optional(),
  databaseRequest: z.string().min(1).max(255).optional(),
});

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, ingestion, dashboards, feedback, logger } = options;
  const router = Router();
  router.use(express.json({ limit: MAX_BODY_BYTES }));

  const authorize = async (req: express.Request, permission: typeof devexMetricsReadPermission) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not use ${permission.name}.`);
    }
    return credentials;
  };

  // Senders: static tokens from backend.auth.externalAccess; the token's subject
  // names the sender, and event ids are unique per sender.
  router.post('/events/deployments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const result = await ingestion.ingestDeployments(credentials.principal.subject, req.body);
    res.status(result.results.some(r => r.status === 'created') ? 201 : 200).json(result);
  });

  router.post('/events/incidents', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const result = await ingestion.ingestIncidents(credentials.principal.subject, req.body);
    res.status(result.results.some(r => r.status === 'created') ? 201 : 200).json(result);
  });

  const dashboard = async (req: express.Request, res: express.Response, request: DashboardRequest) => {
    const credentials = await authorize(req, devexMetricsReadPermission);
    const { window } = parse(dashboardQuerySchema, req.query, 'query');
    const [authors] = await permissions.authorize(
      [{ permission: devexSurveyCommentAuthorsReadPermission }],
      { credentials },
    );
    res.json(
      await dashboards.dashboard(request, window, {
        authorsVisible: authors.result === AuthorizeResult.ALLOW,
      }),
    );
  };

  router.get('/dashboards/organization', (req, res) => dashboard(req, res, { kind: 'organization' }));

  router.get('/dashboards/team/:namespace/:name', (req, res) => {
    const { namespace, name } = parse(entityParams, req.params, 'group');
    return dashboard(req, res, { kind: 'team', ref: `group:${namespace}/${name}` });
  });

  router.get('/dashboards/component/:namespace/:name', (req, res) => {
    const { namespace, name } = parse(entityParams, req.params, 'component');
    return dashboard(req, res, { kind: 'component', ref: `component:${namespace}/${name}` });
  });

  router.get('/surveys/pending', async (req, res) => {
    const credentials = await authorize(req, devexMetricsReadPermission);
    const query = parse(pendingQuery, req.query, 'query');
    res.json(await feedback.pending(credentials, query));
  });

  router.post('/surveys/responses', async (req, res) => {
    const credentials = await authorize(req, devexFeedbackCreatePermission);
    await feedback.answer(credentials, parse(surveyAnswerSchema, req.body, 'answer'));
    res.status(201).json({ recorded: true });
  });

  router.post('/activity', async (req, res) => {
    const credentials = await authorize(req, devexFeedbackCreatePermission);
    await feedback.recordActivity(credentials, parse(activityReportSchema, req.body, 'activity report'));
    res.status(204).end();
  });

  // Errors read as a sentence and never carry a stack trace, in any environment.
  const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let statusCode = 500;
    let body = serializeError(error, { includeStack: false });
    const status = Number(error?.statusCode ?? error?.status);
    if (error?.type === 'entity.too.large') {
      statusCode = 413;
      body = {
        name: 'PayloadTooLargeError',
        message: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB; send fewer events per request.`,
      };
    } else if (error?.type === 'entity.parse.failed') {
      statusCode = 400;
      body = { name: 'InputError', message: 'The request body is not valid JSON.' };
    } else if (Number.isInteger(status) && status >= 400 && status < 600) {
      statusCode = status;
    } else {
      statusCode =
        {
          InputError: 400,
          AuthenticationError: 401,
          NotAllowedError: 403,
          NotFoundError: 404,
          ConflictError: 409,
        }[String(error?.name)] ?? 500;
    }
    if (statusCode >= 500) {
      logger.error(`DevEx request ${req.method} ${req.path} failed`, error);
      body = { name: 'Error', message: 'The DevEx backend could not complete this request; see the portal logs.' };
    }
    res.status(statusCode).json({
      error: { name: body.name, message: body.message },
      request: { method: req.method, url: req.originalUrl.replace(/\?.*$/, '') },
      response: { statusCode },
    });
  };
  router.use(errorHandler);
  return router;
}
