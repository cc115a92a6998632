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
