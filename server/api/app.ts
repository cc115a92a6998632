// The express app: thin routes over the store and the incident service, one error shape,
// request logs with ids, metrics, the OpenAPI document and the built web UI.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { ApiError, DomainError, statusOf } from '../errors.js';
import { IncidentService } from '../service/incidents.js';
import { RadiusService } from '../service/radius.js';
import { auditRoutes } from './audit-routes.js';
import { playbookRoutes } from './playbook-routes.js';
import type { Playbook } from '../playbook/load.js';
import type { GraphStore } from '../store/types.js';
import { incidentRoutes } from './incident-routes.js';
import { createMetrics, timedStore } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { registryRoutes } from './registry-routes.js';
import { actorOf, type Route } from './route.js';
import { validate } from '../validate.js';
import { assertBodyAccepted, readBody } from './body.js';
import { bookmarks } from './bookmarks.js';
import { LOOPBACK_ONLY, securityMiddleware, type SecurityOptions } from './security.js';
import { accessOf } from './access.js';
import { NO_AUTH, type Authenticator } from '../auth/authenticator.js';
import { authenticateFirst, authorize, guard } from '../auth/authorize.js';
import { authRoutes } from '../auth/routes.js';

export interface AppOptions {
  store: GraphStore;
  logger: Logger;
  bodyLimit?: string;
  /** The built web UI (dist/web); not served when absent. */
  webDir?: string;
  version?: string;
  /** Extra routes (e.g. observations and accuracy) built on the same store and service. */
  extraRoutes?: (store: GraphStore, incidents: IncidentService) => Route[];
  /** The regimes and audience templates (server/playbook); incidents have no clocks or drafts without them. */
  playbook?: Playbook;
  /** Who may call what (server/auth); none (everyone may do everything) when absent. */
  auth?: Authenticator;
  /** Host allow-list and headers (server/api/security.ts); loopback names only when absent. */
  security?: SecurityOptions;
}

export function createApp(options: AppOptions) {
  const metrics = createMetrics(options.store);
  const store = timedStore(options.store, metrics);
  const radii = new RadiusService(store);
  const incidents = new IncidentService(store, radii);
  if (options.playbook) incidents.usePlaybook(options.playbook);
  const auth = options.auth ?? NO_AUTH;
  const routes = [
    ...registryRoutes(store, radii, options.playbook?.regimes),
    ...incidentRoutes(incidents),
    ...auditRoutes(store),
    ...(options.playbook ? playbookRoutes(options.playbook.regimes) : []), ...(options.extraRoutes?.(store, incidents) ?? []), ...authRoutes(auth)];
  const openapi = openApiDocument(routes, options.version ?? '0.1.0', auth.publicConfig);
  const limit = options.bodyLimit ?? '32mb';

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/metrics' || req.url === '/healthz' },
      // one short line per request: no headers (X-Actor and cookies do not belong in logs)
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/([?&]access_token=)[^&]*/gi, '$1[redacted]') }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
    }),
  );
  app.use(securityMiddleware(options.security ?? LOOPBACK_ONLY));
  app.use(
    compression({
      // A commander on a VPN gets a 5,000-consumer incident in a tenth of the bytes. Live events
      // stream (compression would hold them back), and answers past 8 MB are served from the
      // per-revision cache as they are: gzipping 100 MB would cost more time than it saves.
      filter: (req, res) => {
        if (String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream')) return false;
        if (Number(res.getHeader('Content-Length') ?? 0) > 8 * 1024 * 1024) return false;
        return compression.filter(req, res);
      },
    }),
  );
  app.use('/api', authenticateFirst(auth));
  app.use('/api', readBody({ limit }));
  app.use('/api', bookmarks()); // X-Bookmark: read-your-write across instances on a Neo4j cluster

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: 'ready', store: store.kind, revision: await store.currentRevision() });
    } catch (err) {
      res.status(503).json({ error: { code: 'store_unavailable', message: `The ${store.kind} store is not reachable: ${(err as Error).message}`, details: [] } });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  for (const route of routes) {
    const access = accessOf(route.method, route.path);
    app[route.method](route.path, async (req: Request, res: Response) => {
      const end = metrics.httpDuration.startTimer({ method: req.method, route: route.path });
      res.on('finish', () => end({ status: String(res.statusCode) }));
      // who is calling, and may they: before any input is read (server/api/access.ts)
      const principal = await authorize(auth, access, req, res);
      assertBodyAccepted(route, req);
      const query = route.query ? validate(route.query, req.query, 'query') : {};
      const body = route.body ? validate(route.body, req.body ?? {}, 'body') : undefined;
      await guard(access, principal, req, store);
      const result = await route.handler({ req, res, query, body, principal, actor: actorOf(req, body, principal) });
      if (result !== undefined && !res.headersSent) res.status(route.status ?? 200).json(result);
    });
  }

  app.use('/api', (req, _res, next) => {
    next(new ApiError(404, 'not_found', `No API route ${req.method} ${req.originalUrl}`, []));
  });

  if (options.webDir && fs.existsSync(path.join(options.webDir, 'index.html'))) {
    const index = path.join(options.webDir, 'index.html');
    app.use(express.static(options.webDir, { index: 'index.html', maxAge: '1h', setHeaders: (res, file) => file.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache') }));
    app.get(/^(?!\/api\/).*/, (_req, res) => res.sendFile(index));
  }

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const body = toErrorBody(err);
    if (body.status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return res.end();
    res.status(body.status).json({ error: { code: body.code, message: body.message, details: body.details } });
  };
  app.use(onError);

  return { app, store, incidents, openapi };
}

/** Maps anything thrown to the contract's error shape; body-parser errors are the client's fault. */
function toErrorBody(err: unknown): { status: number; code: string; message: string; details: { path: string; message: string }[] } {
  if (err instanceof DomainError) return { status: statusOf(err), code: err.code, message: err.message, details: err.details };
  const e = err as { type?: string; status?: number; message?: string; limit?: number };
  if (e?.type === 'entity.too.large') {
    return { status: 413, code: 'payload_too_large', message: `The body is larger than the limit of ${e.limit} bytes; split the batch`, details: [{ path: 'body', message: 'too large' }] };
  }
  if (e?.type === 'entity.parse.failed') {
    return { status: 400, code: 'malformed_body', message: `The body is not valid JSON: ${e.message}`, details: [{ path: 'body', message: e.message ?? 'not valid JSON' }] };
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, code: e.type ?? 'bad_request', message: e.message ?? 'Bad request', details: [] };
  }
  return { status: 500, code: 'internal', message: 'Internal error; see the server log for the request id', details: [] };
}
