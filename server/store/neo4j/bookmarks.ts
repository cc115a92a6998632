// Read-your-write across API instances on a Neo4j cluster (CONTRACT.md §10 scale-out). A write
// through instance A answers the Neo4j bookmarks of its session in `X-Bookmark`; a request that
// carries that header to instance B reads with those bookmarks, so the cluster member serving the
// read waits until it has the write. One Neo4j server already reads its own commits; the header
// then costs nothing. The request's bookmarks travel in AsyncLocalStorage, so the store's methods
// need no extra argument and the store stays free of HTTP.
import { AsyncLocalStorage } from 'node:async_hooks';
import { invalid, type DomainError } from '../../errors.js';

export const BOOKMARK_HEADER = 'X-Bookmark';

/** What one request knows: the bookmarks to read after, and who to tell of a write's bookmarks. */
interface BookmarkContext {
  bookmarks: string[];
  onWrite?: (bookmarks: string[]) => void;
}

const context = new AsyncLocalStorage<BookmarkContext>();

/** Runs `work` with the bookmarks a client sent; `onWrite` hears the bookmarks of each write in it. */
export function withBookmarks<T>(bookmarks: string[], onWrite: ((bookmarks: string[]) => void) | undefined, work: () => T): T {
  return context.run({ bookmarks, ...(onWrite ? { onWrite } : {}) }, work);
}

/** The bookmarks a session opened now must start after (none outside a request carrying them). */
export function currentBookmarks(): string[] | undefined {
  const bookmarks = context.getStore()?.bookmarks;
  return bookmarks && bookmarks.length > 0 ? bookmarks : undefined;
}

/** A write session closed with these bookmarks: later reads of the same request, and the client, go after them. */
export function noteWriteBookmarks(bookmarks: string[]): void {
  const ctx = context.getStore();
  if (!ctx || bookmarks.length === 0) return;
  ctx.bookmarks = bookmarks;
  ctx.onWrite?.(bookmarks);
}

// A bookmark is an opaque string from Neo4j (tens of bytes); a cluster gives one per database.
const MAX_BOOKMARKS = 16;
const MAX_BOOKMARK_LENGTH = 1024;

/** The header form: base64url of a JSON array of strings (header-safe, opaque to clients). */
export function encodeBookmarks(bookmarks: string[]): string {
  return Buffer.from(JSON.stringify(bookmarks), 'utf8').toString('base64url');
}

/** The bookmarks of a header value, or undefined when it is not one this server wrote. */
export function decodeBookmarks(header: string | undefined): string[] | undefined {
  if (!header || header.length > MAX_BOOKMARKS * MAX_BOOKMARK_LENGTH * 2 || !/^[A-Za-z0-9_-]+$/.test(header)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length > MAX_BOOKMARKS) return undefined;
    if (!value.every((b) => typeof b === 'string' && b.length > 0 && b.length <= MAX_BOOKMARK_LENGTH)) return undefined;
    return value as string[];
  } catch {
    return undefined;
  }
}

/**
 * A client's bookmark that Neo4j refused (not one it wrote, or from another database), as the
 * client's error: a 400, not an internal one. Undefined for any other error.
 */
export function refusedBookmark(err: unknown): DomainError | undefined {
  const code = (err as { code?: unknown })?.code;
  if (code !== 'Neo.ClientError.Transaction.InvalidBookmark' && code !== 'Neo.ClientError.Transaction.InvalidBookmarkMixture') return undefined;
  if (!currentBookmarks()) return undefined;
  return invalid(`${BOOKMARK_HEADER} is not a bookmark of this database; send back the ${BOOKMARK_HEADER} of a write as it came`, [{ path: `header.${BOOKMARK_HEADER}`, message: 'not a bookmark of this database' }], 'invalid_bookmark');
}
