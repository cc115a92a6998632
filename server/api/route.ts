// A route is declared once, with its zod schemas: express registers it and the OpenAPI document
// is generated from the same declaration, so the two cannot drift apart.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ErrorBody } from '../../graph-schema/index.js';
import { validate } from '../validate.js';
import type { Principal } from '../auth/roles.js';

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
  /** Other forms of the same answer (e.g. a report as JSON or CSV besides Markdown); text when no schema. */
  alternatives?: { contentType: string; schema?: z.ZodType }[];
}

/** A body the handler reads itself (YAML or JSON manifests, OTLP), documented by the schemas it accepts. */
export interface RawBody {
  description: string;
  /** The media types taken; a YAML type here lets body.ts pass YAML text through. */
  contentTypes: string[];
  /** What a JSON body may be (a union documents each form); YAML is documented as text of the same documents. */
  schema: z.ZodType;
}

export interface Route<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path, e.g. /api/v1/nodes/:name */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  query?: Q;
  /** A JSON body schema, validated before the handler runs. */
  body?: B;
  /** Documented only: the handler reads the body itself (YAML or JSON manifests, OTLP). */
  rawBody?: RawBody;
  /** Answers without the store, so never 503 (the OpenAPI document lists 503 on every other operation). */
  storeless?: boolean;
  status?: number;
  responses: Record<number, RouteResponse>;
  /** `actor` is who acts (recorded as `by`): the authenticated identity when authentication is on. */
  handler: (ctx: { req: Request; res: Response; query: z.output<Q>; body: z.output<B>; actor: string; principal?: Principal }) => Promise<unknown>;
}

export function defineRoute<Q extends z.ZodType, B extends z.ZodType>(route: Route<Q, B>): Route {
  return route as unknown as Route;
}

/**
 * Who is acting. With authentication on (BLAST_RADIUS_AUTH token or oidc) it is the
 * authenticated identity, and X-Actor and a body's `by` are ignored; in `none` mode (loopback
 * only) it is the X-Actor header, else a body's `by`.
 */
export function actorOf(req: Request, body?: unknown, principal?: Principal): string {
  if (principal) return principal.identity;
  const header = req.get('x-actor')?.trim();
  if (header) return header.slice(0, 200);
  const by = body !== null && typeof body === 'object' ? (body as { by?: unknown }).by : undefined;
  return typeof by === 'string' && by.trim() ? by.trim().slice(0, 200) : 'anonymous';
}

/** A documented error answer: the contract's error shape. */
export const errorResponse = (description: string): RouteResponse => ({ description, schema: ErrorBody });

const IncidentIdParam = z.object({ id: z.string().min(1).max(100) });
/** The incident id from a route's path parameters. */
export const incidentIdOf = (params: unknown): string => validate(IncidentIdParam, params, 'path').id;
