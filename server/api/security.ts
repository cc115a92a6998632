// Request hardening (CONTRACT.md §9 "Requests"): security headers on every answer, the Host
// allow-list against DNS rebinding, no cross-site writes, and Node's own 400/431 answers in the
// contract's error shape. Body content types and parse cost are body.ts's job.
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { isLoopbackHost } from '../auth/authenticator.js';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';

export interface SecurityOptions {
  /** Host names a request may be addressed to (`name` any port, `name:port`, `.domain` for its subdomains), or '*' for any. */
  allowedHosts: readonly string[] | '*';
  /** Also accept a Host that is an IP address: set when the server listens beyond loopback. */
  allowIpHosts: boolean;
  /** Origins the web UI may fetch from and frame besides its own: the OIDC issuer. */
  extraOrigins: readonly string[];
}

export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
export const LOOPBACK_ONLY: SecurityOptions = { allowedHosts: LOOPBACK_NAMES, allowIpHosts: false, extraOrigins: [] };

/**
 * From the environment. The loopback names, and HOST itself when that is one address, are
 * always allowed: no other site's page can carry those names, so they are no rebinding path.
 * BLAST_RADIUS_ALLOWED_HOSTS adds names (comma-separated; `*` allows any). Bound beyond
 * loopback, a Host that is an IP address is accepted too: probes and load balancers address the
 * server by IP, and a browser sends an IP as Host only to the address it really reached. Every
 * other name is refused; unset there, a warning at start says how to allow one.
 */
export function securityOptions(config: Pick<Config, 'HOST' | 'BLAST_RADIUS_ALLOWED_HOSTS' | 'BLAST_RADIUS_OIDC_ISSUER'>): { options: SecurityOptions; warning?: string } {
  const loopback = isLoopbackHost(config.HOST);
  const listed = config.BLAST_RADIUS_ALLOWED_HOSTS?.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const bound = config.HOST === '0.0.0.0' || config.HOST === '::' ? [] : [isIP(config.HOST) === 6 ? `[${config.HOST.toLowerCase()}]` : config.HOST.toLowerCase()];
  const allowedHosts = listed?.includes('*') ? '*' : [...new Set([...LOOPBACK_NAMES, ...bound, ...(listed ?? [])])];
  let extraOrigins: string[] = [];
  if (config.BLAST_RADIUS_OIDC_ISSUER) {
    try {
      extraOrigins = [new URL(config.BLAST_RADIUS_OIDC_ISSUER).origin];
    } catch {
      // the authenticator refuses a bad issuer at start, with the reason
    }
  }
  const options: SecurityOptions = { allowedHosts, allowIpHosts: !loopback, extraOrigins };
  const warning =
    !loopback && listed === undefined
      ? `BLAST_RADIUS_ALLOWED_HOSTS is not set and HOST=${config.HOST} is not loopback: requests addressed by IP address or to ${[...new Set([...LOOPBACK_NAMES, ...bound])].join(', ')} are served, and a request naming any other host is refused with 403. Set BLAST_RADIUS_ALLOWED_HOSTS to the host names clients use (comma-separated), or * to accept any.`
      : undefined;
  return { options, warning };
}

/** Security headers, the Host rule and the cross-site write rule, for every path (probes and the UI included). */
export function securityMiddleware(options: SecurityOptions): RequestHandler[] {
  return [securityHeaders(options), hostGuard(options), sameOriginWrites()];
}

function securityHeaders(options: SecurityOptions): RequestHandler {
  const self = ["'self'"];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': self,
        // no inline script, no eval: a stored value that slips into the page still cannot run
        'script-src': self,
        'script-src-attr': ["'none'"],
        'style-src': self,
        'img-src': [...self, 'data:', 'blob:'],
        'font-src': [...self, 'data:'],
        'connect-src': [...self, ...options.extraOrigins],
        'frame-src': [...self, ...options.extraOrigins],
        'object-src': ["'none'"],
        'base-uri': self,
        'form-action': self,
        'frame-ancestors': ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    // plain HTTP on loopback; whoever terminates TLS in front of it owns HSTS
    strictTransportSecurity: false,
  });
}

/** `host[:port]` of a Host header or URL authority, lower-cased, a trailing dot dropped. */
function splitHost(value: string): { name: string; port: string | undefined } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim().toLowerCase());
  return m ? { name: m[1]!.replace(/\.$/, ''), port: m[2] } : undefined;
}

/** Whether a Host header is one this server answers to. */
export function hostAllowed(header: string | undefined, options: SecurityOptions): boolean {
  if (options.allowedHosts === '*') return true;
  const host = header ? splitHost(header) : undefined;
  if (!host) return false;
  if (options.allowIpHosts && isIP(host.name.replace(/^\[|\]$/g, '')) !== 0) return true;
  return options.allowedHosts.some((entry) => {
    const allowed = splitHost(entry.startsWith('.') ? entry.slice(1) : entry);
    if (!allowed || (allowed.port !== undefined && allowed.port !== host.port)) return false;
    return host.name === allowed.name || (entry.startsWith('.') && host.name.endsWith(`.${allowed.name}`));
  });
}

function hostGuard(options: SecurityOptions): RequestHandler {
  return (req, _res, next) => {
    if (hostAllowed(req.headers.host, options)) return next();
    const host = String(req.headers.host ?? '').slice(0, 100);
    next(
      new ApiError(403, 'host_not_allowed', `This server does not answer to the host '${host}'. Add it to BLAST_RADIUS_ALLOWED_HOSTS if clients really use that name.`, [
        { path: 'headers.host', message: 'not in BLAST_RADIUS_ALLOWED_HOSTS' },
      ]),
    );
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * A browser names the page behind every cross-site write in Origin. A write from another origin
 * is refused: the content-type rule already stops a cross-site body, and this stops the body-less
 * POST a page may also send without asking (containment/apply, say). Clients that are not
 * browsers send no Origin and are not affected.
 */
function sameOriginWrites(): RequestHandler {
  return (req, _res, next) => {
    const origin = req.headers.origin;
    if (SAFE_METHODS.has(req.method) || origin === undefined) return next();
    if (sameOrigin(origin, req.headers.host)) return next();
    next(
      new ApiError(403, 'cross_origin', `A ${req.method} from the page at ${origin.slice(0, 100)} is refused: writes come from this server's own UI or from clients that are not browsers`, [
        { path: 'headers.origin', message: 'not this server' },
      ]),
    );
  };
}

function sameOrigin(origin: string, hostHeader: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes "null": a sandboxed frame or a file
  }
  const host = hostHeader ? splitHost(hostHeader) : undefined;
  const from = splitHost(url.host);
  if (!host || !from || !(url.protocol in DEFAULT_PORT)) return false;
  const port = (p: string | undefined) => p ?? DEFAULT_PORT[url.protocol];
  return host.name === from.name && port(host.port) === port(from.port);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

/**
 * The http server's 'clientError' handler: what Node would answer (431 for headers too large,
 * 408 for a request that took too long, 400 for anything it cannot parse), in the error shape.
 * There is no request or response object here, so the answer is written to the socket.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (err.code === 'ECONNRESET' || !socket.writable || inProgress) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are larger than the server accepts (16 KiB in all)']
      : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
        ? [413, 'payload_too_large', 'The chunk extensions are larger than the server accepts']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request_timeout', 'The request took too long to arrive']
          : [400, 'malformed_request', `The request is not valid HTTP (${err.code ?? 'parse error'})`];
  const body = JSON.stringify({ error: { code, message, details: [] } });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** For the OpenAPI document's description: what every request must be. */
export const REQUESTS_NOTE =
  'Requests: a write body must be `application/json` or `application/yaml` (YAML only where an operation lists it; `application/x-yaml` and `text/yaml` are accepted as YAML), UTF-8, else `415`; forms and `text/plain` are refused. ' +
  'A `Host` that is not a loopback name or in BLAST_RADIUS_ALLOWED_HOSTS is refused with `403 host_not_allowed` (an IP address is accepted when the server listens beyond loopback); a browser write from another origin with `403 cross_origin`. ' +
  'Invalid UTF-8, JSON or YAML nested deeper than 64 levels, and YAML that would take too long to read are `400`; `revision` and `maxDepth` are decimal digits.';
