// A small HTTP client for the CLI: JSON in and out, the contract's error shape made readable.
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export const DEFAULT_SERVER = process.env.BLAST_RADIUS_SERVER ?? 'http://127.0.0.1:7700';
export const ACTOR = process.env.BLAST_RADIUS_ACTOR ?? `cli:${os.userInfo().username}`;

/** BLAST_RADIUS_TOKEN, sent as a bearer token when the server runs with authentication (token or oidc). */
export function authHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const token = env.BLAST_RADIUS_TOKEN?.trim();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function describeError(status: number, body: unknown): string {
  const error = (body as { error?: { message?: string; details?: { path: string; message: string }[] } })?.error;
  if (!error) return `HTTP ${status}`;
  const details = (error.details ?? []).map((d) => `  - ${d.message.includes(d.path) ? d.message : `${d.path}: ${d.message}`}`);
  return [`${error.message} (HTTP ${status})`, ...details].join('\n');
}

export interface RequestOptions {
  method?: string;
  body?: string | Buffer;
  contentType?: string;
  accept?: string;
  /** Called as the body is sent, for progress bars on large batches. */
  onUpload?: (sent: number, total: number) => void;
}

export async function request(server: string, path: string, options: RequestOptions = {}): Promise<{ status: number; text: string; json: unknown }> {
  const url = new URL(path, server);
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          'X-Actor': ACTOR,
          ...authHeaders(),
          Accept: options.accept ?? 'application/json',
          ...(body ? { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': body.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on('error', (err) => reject(new CliError(`Cannot reach ${server}: ${err.message}. Is the server running (blast-radius serve)?`, 2)));
    if (body) {
      const chunk = 256 * 1024;
      let sent = 0;
      const writeMore = () => {
        while (sent < body.length) {
          const end = Math.min(sent + chunk, body.length);
          const ok = req.write(body.subarray(sent, end));
          sent = end;
          options.onUpload?.(sent, body.length);
          if (!ok) return void req.once('drain', writeMore);
        }
        req.end();
      };
      writeMore();
    } else req.end();
  });
}

/** A request that must succeed: anything else becomes a CliError with the server's explanation. */
export async function call<T>(server: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await request(server, path, options);
  if (res.status === 401) throw new CliError(`${describeError(res.status, res.json)}\nThe server asks for credentials: set BLAST_RADIUS_TOKEN to your token.`, 1);
  if (res.status >= 400) throw new CliError(describeError(res.status, res.json), res.status >= 500 ? 2 : 1);
  return (res.json ?? res.text) as T;
}
