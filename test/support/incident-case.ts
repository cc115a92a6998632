// Hand-written incident cases over HTTP: apply a small graph, open an incident with chosen times,
// decide, and read the incident back — each read also checked against the independent reference.
import { expect } from 'vitest';
import { compareIncident, refLog } from './incident-compare.js';
import { incidentAt, referenceRadius, type RefObservation, type RefRadius } from './incident-reference.js';
import { manifestsOf, type Api, type GraphSpec } from './incident-scenarios.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const isoOf = (t: number) => new Date(t).toISOString();

export interface OpenCase {
  id: string;
  /** The full node name of a short name. */
  n: (short: string) => string;
  radius: RefRadius;
  outputAt: number;
  /** The incident now (or at asOf), checked against the reference first. */
  read(asOf?: number): Promise<any>;
  consumer(short: string, asOf?: number): Promise<any>;
  decide(short: string, body: Record<string, unknown>): Promise<any>;
  history(): Promise<any[]>;
  observations: RefObservation[];
}

export async function openCase(
  api: Api,
  tag: string,
  graph: GraphSpec,
  source: string,
  open: { outputAt: number; detectedAt?: number; actionClasses?: string[] },
): Promise<OpenCase> {
  await api.ok('POST', '/api/v1/graph/apply', manifestsOf(graph));
  const n = (short: string) => `${tag}-${short}`;
  const body = await api.ok('POST', '/api/v1/incidents', {
    title: tag,
    source: n(source),
    failureMode: 'hallucination',
    outputAt: isoOf(open.outputAt),
    detectedAt: isoOf(open.detectedAt ?? Math.max(open.outputAt, Date.now() - 1000)),
    ...(open.actionClasses ? { actionClasses: open.actionClasses } : {}),
  });
  const id: string = body.id;
  const radius = referenceRadius(graph.nodes, graph.edges, n(source), open.actionClasses ? [...open.actionClasses].sort() : null);
  const observations: RefObservation[] = [];
  const c: OpenCase = {
    id,
    n,
    radius,
    outputAt: open.outputAt,
    observations,
    async history() {
      return (await api.ok('GET', `/api/v1/incidents/${id}/history`)).history;
    },
    async read(asOf) {
      const incident = await api.ok('GET', `/api/v1/incidents/${id}${asOf === undefined ? '' : `?asOf=${isoOf(asOf)}`}`);
      const view = incidentAt(radius, { source: n(source), actionClasses: open.actionClasses ?? null, outputAt: open.outputAt }, refLog(await c.history()), observations, Date.parse(incident.summary.asOf));
      compareIncident(incident, view, `${tag} (reference)`, true);
      return incident;
    },
    async consumer(short, asOf) {
      const incident = await c.read(asOf);
      const found = incident.consumers.find((x: any) => x.name === n(short));
      expect(found, `${n(short)} is a consumer`).toBeDefined();
      return found;
    },
    async decide(short, decision) {
      return api.ok('PUT', `/api/v1/incidents/${id}/decisions/${n(short)}`, { note: 'test', ...decision });
    },
  };
  return c;
}

/** Error answers: the status, the JSON error shape, and every detail path named. */
export function expectError(reply: { status: number; body: any }, status: number, paths: string[] = []): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(typeof reply.body.error?.code).toBe('string');
  const got = (reply.body.error.details ?? []).map((d: any) => d.path).join('\n');
  for (const p of paths) expect(got, `a detail naming ${p}`).toContain(p);
}
