// Shared by the authentication tests: a tokens file, HTTP with a bearer token, a small graph
// of two owners, and a fingerprint of everything stored (to prove a refusal wrote nothing).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export interface Answer {
  status: number;
  body: any; // the answers of every route
  headers: Headers;
}

export async function call(baseUrl: string, method: string, urlPath: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${baseUrl}${urlPath}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body, headers: res.headers };
}

/** Writes a tokens file for `roles` (name → roles) and answers the path and each name's token. */
export function writeTokensFile(roles: Record<string, string[]>): { file: string; tokens: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-tokens-'));
  const tokens: Record<string, string> = {};
  const entries = Object.entries(roles).map(([name, r]) => {
    tokens[name] = `br_${randomBytes(24).toString('base64url')}`;
    return { name, sha256: createHash('sha256').update(tokens[name]).digest('hex'), roles: r };
  });
  const file = path.join(dir, 'tokens.yaml');
  fs.writeFileSync(file, stringify({ tokens: entries }));
  return { file, tokens };
}

export const node = (name: string, owner: string, kind: 'Agent' | 'System' | 'Surface', from: string[] = []) => ({
  apiVersion: 'blast-radius/v1',
  kind,
  metadata: { name, owner },
  spec: { consumes: from.map((f) => ({ from: f })) },
});

/** src (team-a) → a-agent (team-a) → b-surface (team-b); b-system (team-b) alone. */
export const GRAPH = [node('src', 'team-a', 'Agent'), node('a-agent', 'team-a', 'Agent', ['src']), node('b-surface', 'team-b', 'Surface', ['a-agent']), node('b-system', 'team-b', 'System')];

/** Everything a write could change: the registry revision and nodes, each incident, its history, status and observations. */
export async function fingerprint(baseUrl: string, token: string): Promise<string> {
  const get = async (p: string) => {
    const a = await call(baseUrl, 'GET', p, { token });
    if (a.status !== 200) throw new Error(`GET ${p}: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body;
  };
  const revisions = await get('/api/v1/revisions');
  const nodes = await get('/api/v1/nodes');
  const { incidents } = await get('/api/v1/incidents');
  const details = [];
  for (const i of incidents as { id: string }[]) {
    details.push({ incident: await get(`/api/v1/incidents/${i.id}`), history: await get(`/api/v1/incidents/${i.id}/history`), accuracy: await get(`/api/v1/incidents/${i.id}/accuracy`) });
  }
  // what is stored, not when it was read: every incident view says its asOf (now)
  return JSON.stringify({ revisions, nodes, incidents, details }, (key, value) => (key === 'asOf' ? undefined : value));
}
