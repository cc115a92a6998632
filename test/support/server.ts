// Starts the real server in-process on a free port with a fresh data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { readConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/server.js';

export interface TestServer extends RunningServer {
  baseUrl: string;
  dataDir: string;
}

export async function startTestServer(options: { demo?: boolean; dataDir?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-test-'));
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    BLAST_RADIUS_DATA: dataDir,
    BLAST_RADIUS_DEMO: options.demo ? '1' : '0',
    ...options.env,
  });
  const running = await startServer(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  return { ...running, baseUrl: running.url, dataDir };
}
