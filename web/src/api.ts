// The one place that talks HTTP. Every failure becomes an ApiError with a readable message,
// built from the server's `{error: {code, message, details}}` body when there is one.
import type {
  Accuracy,
  BlastRadius,
  ContainmentPlan,
  ErrorDetail,
  HistoryResponse,
  Incident,
  IncidentsResponse,
  IncidentStatus,
  NeighboursResponse,
  NodeDocument,
  NodesResponse,
  OpenIncidentRequest,
  RevisionsResponse,
  StatusRequest,
} from '../../graph-schema/index.js';
import type { ApplyContainmentRequest, ApplyContainmentResult, BulkDecisionRequest, BulkDecisionResult, ConsumersPage, ConsumersQuery, DecisionRequest, DecisionResult, EdgesPage, IncidentHeader } from '../../graph-schema/index.js';
import type { ObservationsResult, Scorecard } from '../../graph-schema/index.js';
import { actor } from './actor.js';
import { authorization, credentialsRefused } from './auth/session.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly request = '',
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** What the person at the keyboard can do about it. */
  advice(): string {
    switch (true) {
      case this.status === 0:
        return 'The server did not answer. Check that blast-radius is running and your network is up, then try again. Nothing was saved.';
      case this.status === 409:
        return 'Someone else changed this in the meantime. The latest state is shown; review it and decide again.';
      case this.status === 404:
        return 'It may have been deleted or the link is wrong. Go back to the list and pick it again.';
      case this.status === 400:
        return 'Fix the fields named above and try again. Nothing was saved.';
      case this.status === 401 || this.status === 403:
        return 'You are not allowed to do this. Ask the server operator for access.';
      case this.status === 413:
        return 'The request is too large. Send less at once.';
      case this.status >= 500:
        return 'The server failed. Try again in a moment; if it keeps failing, call the blast-radius on-call. Nothing was saved.';
      default:
        return 'Try again.';
    }
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

async function request(method: string, path: string, options: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const auth = authorization();
  if (auth) headers.Authorization = auth;
  else if (method !== 'GET') headers['X-Actor'] = actor();
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const where = `${method} ${path}`;
  let res: Response;
  try {
    res = await fetch(url(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', `Could not reach the server (${where}).`, [], where);
  }
  if (res.status === 401) void credentialsRefused();
  if (!res.ok) {
    let code = `http-${res.status}`;
    let message = `${where} failed with HTTP ${res.status} ${res.statusText}.`;
    let details: ErrorDetail[] = [];
    try {
      // loose on purpose: a proxy in between may answer JSON that is not the contract's ErrorBody
      const body = (await res.json()) as { error?: { code?: string; message?: string; details?: ErrorDetail[] } };
      if (body?.error) {
        code = body.error.code ?? code;
        message = body.error.message ?? message;
        details = Array.isArray(body.error.details) ? body.error.details : [];
      }
    } catch {
      /* not JSON: keep the status line */
    }
    throw new ApiError(res.status, code, message, details, where);
  }
  return res;
}

async function json<T>(method: string, path: string, options?: { query?: Query; body?: unknown; signal?: AbortSignal }): Promise<T> {
  const res = await request(method, path, options);
  return (await res.json()) as T;
}

/** For the few calls that have no helper below (typed by the caller from graph-schema). */
export const apiJson = json;

const enc = encodeURIComponent;

export const api = {
  nodes: (q?: string, limit = 20, signal?: AbortSignal) => json<NodesResponse>('GET', '/nodes', { query: { q, limit }, signal }),
  // `revision` reads the registry as it was (CONTRACT §3: ?revision= on every graph read).
  node: (name: string, revision?: number) => json<NodeDocument>('GET', `/nodes/${enc(name)}`, { query: { revision } }),
  neighbours: (name: string, revision?: number) => json<NeighboursResponse>('GET', `/nodes/${enc(name)}/neighbours`, { query: { revision } }),
  blastRadius: (name: string, options: { maxDepth?: number; revision?: number } = {}) =>
    json<BlastRadius>('GET', `/nodes/${enc(name)}/blast-radius`, { query: { maxDepth: options.maxDepth, revision: options.revision } }),
  revisions: () => json<RevisionsResponse>('GET', '/revisions'),
  incidents: () => json<IncidentsResponse>('GET', '/incidents'),
  // the page then loads the header and the consumers by page: the open needs only the header
  openIncident: (body: OpenIncidentRequest) => json<IncidentHeader>('POST', '/incidents', { body, query: { consumers: false } }),
  incident: (id: string) => json<Incident>('GET', `/incidents/${enc(id)}`),
  // v2 (CONTRACT §3): the header alone, consumers and edges by page, decisions answering the summary
  incidentHeader: (id: string, asOf?: string) => json<IncidentHeader>('GET', `/incidents/${enc(id)}`, { query: { consumers: false, asOf } }),
  consumers: (id: string, query: Partial<Omit<ConsumersQuery, 'exposed' | 'needsDecision' | 'held'>> & { exposed?: boolean; needsDecision?: boolean; held?: boolean } = {}, signal?: AbortSignal) =>
    json<ConsumersPage>('GET', `/incidents/${enc(id)}/consumers`, { query, signal }),
  edges: (id: string, query: { limit?: number; cursor?: string } = {}, signal?: AbortSignal) => json<EdgesPage>('GET', `/incidents/${enc(id)}/edges`, { query, signal }),
  decide: (id: string, name: string, body: Omit<DecisionRequest, 'by'>) => json<DecisionResult>('PUT', `/incidents/${enc(id)}/decisions/${enc(name)}`, { body }),
  decideMany: (id: string, body: Omit<BulkDecisionRequest, 'by'>) => json<BulkDecisionResult>('POST', `/incidents/${enc(id)}/decisions`, { body }),
  applyContainment: (id: string, body: Omit<NonNullable<ApplyContainmentRequest>, 'by'>) => json<ApplyContainmentResult>('POST', `/incidents/${enc(id)}/containment/apply`, { body }),
  setStatus: (id: string, status: IncidentStatus, note?: string) =>
    json<IncidentHeader>('PATCH', `/incidents/${enc(id)}`, { body: (note ? { status, note } : { status }) satisfies Omit<StatusRequest, 'by'> }),
  containment: (id: string) => json<ContainmentPlan>('GET', `/incidents/${enc(id)}/containment`),
  history: (id: string) => json<HistoryResponse>('GET', `/incidents/${enc(id)}/history`),
  accuracy: (id: string) => json<Accuracy>('GET', `/incidents/${enc(id)}/accuracy`),
  /** Adds observations (they add up across calls): `{reached: [...]}` or OTLP JSON (`{resourceSpans: [...]}`). */
  observe: (id: string, body: unknown) => json<ObservationsResult>('POST', `/incidents/${enc(id)}/observations`, { body }),
  /** The proposed registry fix as manifest YAML text. */
  registryPatch: async (id: string): Promise<string> => (await request('GET', `/incidents/${enc(id)}/registry-patch`)).text(),
  scorecard: () => json<Scorecard>('GET', '/scorecard'),
  report: async (id: string, format: 'markdown' | 'json' | 'csv'): Promise<Blob> => (await request('GET', `/incidents/${enc(id)}/report`, { query: { format } })).blob(),
  // EventSource cannot send headers: the stream alone takes the token as ?access_token= (RFC 6750 §2.3)
  eventsUrl: (id: string) => url(`/incidents/${enc(id)}/events`, { access_token: authorization()?.slice('Bearer '.length) }),
};
