// Reading request bodies (CONTRACT.md §9 "Requests"). A write body must say it is JSON or YAML:
// text/plain, forms and multipart are what a web page may send to any server without the
// browser asking first, so they are refused (415) before a byte is read. What is read must be
// UTF-8, and costs bounded time: JSON is depth-checked and parsed here (linear), YAML is read in
// a worker thread under a time budget (manifest/yaml-pool.ts).
import express, { type Request, type RequestHandler } from 'express';
import { ApiError } from '../errors.js';
import { yamlPool, YamlTooCostly } from '../manifest/yaml-pool.js';
import type { YamlDocument } from '../manifest/yaml-read.js';
import type { Route } from './route.js';

export const JSON_TYPES = ['application/json', 'application/*+json'];
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
/** Deeper than any manifest or OTLP document (about 20 levels); bounds every recursive walk after. */
export const MAX_JSON_DEPTH = 64;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const yamlOfRequest = new WeakMap<Request, YamlDocument[]>();

/** The documents of a YAML body, already read off the event loop; undefined for any other body. */
export function yamlDocumentsOf(req: Request): YamlDocument[] | undefined {
  return yamlOfRequest.get(req);
}

/** `req.body`: the parsed value of a JSON body, the text of a YAML body (its documents via yamlDocumentsOf). */
export function readBody(options: { limit: string | number }): RequestHandler {
  const raw = express.raw({ type: () => true, limit: options.limit });
  return (req, res, next) => {
    if (!WRITES.has(req.method) || !hasBody(req)) return next();
    let kind: 'json' | 'yaml';
    try {
      kind = bodyKind(req);
    } catch (err) {
      return next(err);
    }
    raw(req, res, (err?: unknown) => {
      if (err) return next(err);
      decode(req, kind).then(() => next(), next);
    });
  };
}

/** 415 for a YAML body sent to a route that takes JSON only (every route but graph/validate and graph/apply). */
export function assertBodyAccepted(route: Route, req: Request): void {
  if (!yamlOfRequest.has(req) || route.rawBody?.contentTypes.some((t) => YAML_TYPES.includes(t))) return;
  throw new ApiError(415, 'unsupported_media_type', `${req.method} ${route.path} takes a JSON body (application/json), not YAML`, [
    { path: 'headers.content-type', message: 'must be application/json' },
  ]);
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function bodyKind(req: Request): 'json' | 'yaml' {
  const type = req.headers['content-type'] ?? '';
  const kind = req.is(JSON_TYPES) ? 'json' : req.is(YAML_TYPES) ? 'yaml' : undefined;
  if (!kind) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `A ${req.method} body must be application/json or application/yaml; this one is ${type ? `'${type.slice(0, 100)}'` : 'unlabelled'}. ` +
        'Forms and text/plain are refused: any web page can send those to this server without asking.',
      [{ path: 'headers.content-type', message: 'must be application/json or application/yaml' }],
    );
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && !['utf-8', 'utf8', 'us-ascii'].includes(charset)) {
    throw new ApiError(415, 'unsupported_charset', `The body must be UTF-8; it says charset=${charset.slice(0, 40)}`, [{ path: 'headers.content-type', message: 'charset must be utf-8' }]);
  }
  return kind;
}

async function decode(req: Request, kind: 'json' | 'yaml'): Promise<void> {
  const bytes: unknown = req.body;
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) {
    req.body = undefined;
    return;
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_utf8', 'The body is not valid UTF-8', [{ path: 'body', message: 'not valid UTF-8' }]);
  }
  if (kind === 'json') {
    req.body = parseJson(text);
    return;
  }
  try {
    yamlOfRequest.set(req, await yamlPool.read(text));
  } catch (err) {
    if (!(err instanceof YamlTooCostly)) throw err;
    throw new ApiError(400, 'too_costly', `The body was not read: ${err.message}. Simplify it or split the batch`, [{ path: 'body', message: err.message }]);
  }
  req.body = text;
}

const malformed = (message: string) => new ApiError(400, 'malformed_body', `The body is not valid JSON: ${message}`, [{ path: 'body', message }]);

/** A JSON object or array (as express.json's strict mode), no deeper than MAX_JSON_DEPTH. */
export function parseJson(text: string): unknown {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  if (text[i] !== '{' && text[i] !== '[') throw malformed('a JSON body is an object or an array');
  const tooDeep = jsonDepthProblem(text, MAX_JSON_DEPTH);
  if (tooDeep) throw malformed(tooDeep);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw malformed((err as Error).message);
  }
}

/** One linear pass over the brackets outside strings: where nesting first passes `max`, if it does. */
export function jsonDepthProblem(text: string, max: number): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // skip the string: to the next quote not escaped by a backslash
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return `nested deeper than ${max} levels at character ${i + 1}`;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return undefined;
}
