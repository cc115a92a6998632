// X-Bookmark (CONTRACT.md §10 scale-out): a write answers the Neo4j bookmarks of its session; a
// request that sends them back, to any instance, reads after that write (server/store/neo4j/bookmarks.ts).
// On the embedded store (one process) nothing writes bookmarks and the header is never answered.
import type { RequestHandler } from 'express';
import { ApiError } from '../errors.js';
import { BOOKMARK_HEADER, decodeBookmarks, encodeBookmarks, withBookmarks } from '../store/neo4j/bookmarks.js';

/** Registered after the body is read: body parsing runs in the socket's async context, not the request's. */
export function bookmarks(): RequestHandler {
  return (req, res, next) => {
    const header = req.get(BOOKMARK_HEADER);
    const incoming = header === undefined ? [] : decodeBookmarks(header);
    if (!incoming) {
      return next(new ApiError(400, 'invalid_bookmark', `${BOOKMARK_HEADER} is not a value this server answered; send back the ${BOOKMARK_HEADER} of a write as it came`, [{ path: `header.${BOOKMARK_HEADER}`, message: 'not a bookmark' }]));
    }
    const tell = (written: string[]) => {
      if (!res.headersSent) res.setHeader(BOOKMARK_HEADER, encodeBookmarks(written));
    };
    withBookmarks(incoming, tell, () => next());
  };
}

// The OpenAPI document describes the header once, as components every operation refers to.
const BOOKMARK_SCHEMA = { type: 'string', description: 'Opaque: send it back as it came' };
/** The request header: every operation takes it (the middleware reads it on every /api request). */
export const BOOKMARK_PARAMETER = {
  name: BOOKMARK_HEADER,
  in: 'header',
  required: false,
  schema: BOOKMARK_SCHEMA,
  description:
    `Read your own write across instances: the ${BOOKMARK_HEADER} a write answered; this request reads (and writes) after that write, on any instance of a Neo4j cluster. ` +
    `Ignored on the embedded store (one process). A value this server never answered is 400 invalid_bookmark.`,
};
/** The response header of a write. */
export const BOOKMARK_RESPONSE_HEADER = {
  schema: BOOKMARK_SCHEMA,
  description: `Neo4j store only: the bookmarks of what this request wrote, to send back as ${BOOKMARK_HEADER}. Absent when it wrote nothing, and always on the embedded store.`,
};
