// Starting the service: store, demo seed, HTTP server, graceful stop.
import fs from 'node:fs';
import http from 'node:http';
import { loadPlaybook } from './playbook/load.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { createApp } from './api/app.js';
import { endEventStreams } from './api/events.js';
import { answerClientError, securityOptions } from './api/security.js';
import { createAuthenticator } from './auth/authenticator.js';
import { postIncidentRoutes } from './api/post-incident-routes.js';
import type { Config } from './config.js';
import { loadManifests } from './manifest/files.js';
import { createStore } from './store/index.js';
import type { GraphStore } from './store/types.js';

// This file runs from server/ (tsx) or from dist/server/ (the build): the root is the folder with package.json.
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, fs.existsSync(path.join(HERE, '..', 'package.json')) ? '..' : '../..');
export const DEMO_DIR = path.join(REPO_ROOT, 'fixtures', 'demo');
export const WEB_DIR = path.join(REPO_ROOT, 'dist', 'web');

export interface RunningServer {
  url: string;
  store: GraphStore;
  server: http.Server;
  close(): Promise<void>;
}

/** Seeds the demo graph into an empty store; a store with any revision is left alone. */
export async function seedDemo(store: GraphStore, logger: Logger): Promise<void> {
  if ((await store.currentRevision()) > 0) return;
  const { documents, errors } = loadManifests([DEMO_DIR]);
  if (errors.length > 0) throw new Error(`demo graph is invalid: ${errors.map((e) => e.message).join('; ')}`);
  const result = await store.apply(documents, { by: 'demo-seed' });
  logger.info({ revision: result.revision, nodes: result.created }, 'seeded the demo graph');
}

export async function startServer(config: Config, logger: Logger = pino({ level: config.BLAST_RADIUS_LOG_LEVEL })): Promise<RunningServer> {
  // checked first: a server that would be open to the network, or a bad tokens file, never starts
  const auth = createAuthenticator(config);
  const playbook = loadPlaybook();
  const store = await createStore(config);
  // the record's chains are checked in the background: a break is said at start, with where it is
  store.startupCheck?.().then(
    (check) => check && !check.ok && logger.error({ firstBad: check.firstBad }, `The stored record does not verify at ${check.firstBad}: writes are refused until it is restored from a backup (blast-radius audit verify)`),
    () => undefined,
  );
  try {
    if (config.BLAST_RADIUS_DEMO === '1') await seedDemo(store, logger);
  } catch (err) {
    await store.close();
    throw err;
  }
  const security = securityOptions(config);
  if (security.warning) logger.warn(security.warning);
  const { app } = createApp({ store, logger, bodyLimit: config.BLAST_RADIUS_BODY_LIMIT, webDir: WEB_DIR, extraRoutes: postIncidentRoutes, auth, security: security.options, playbook });
  const server = http.createServer(app);
  server.on('clientError', answerClientError); // Node's own 400/431 answers, in the error shape
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  logger.info({ url, store: store.kind }, `blast-radius serving on ${url}`);
  return {
    url,
    store,
    server,
    async close() {
      // live streams end first: their clients reconnect (to another instance) and resume by seq
      endEventStreams();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
