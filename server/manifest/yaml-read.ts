// Reading YAML within bounds (CONTRACT.md §9: parse cost bounded). The yaml library's cost is far
// from linear on hostile text (1 MB of `[` exhausts its memory, 64 KB of `]` takes seconds), so
// the server reads request bodies in a worker thread under a time budget (yaml-pool.ts), and
// the limits below refuse the plain bombs at once with a message a person can act on.
//
// The reader is JavaScript source evaluated in both places, here for the CLI's files and in the
// worker for request bodies: Node 20 cannot load TypeScript in a worker thread, and one source
// means the two can never disagree about a document.
import * as yaml from 'yaml';

/** What one YAML document became: its value (null when empty), or why it cannot be read. */
export type YamlDocument = { value: unknown } | { errors: string[] };

export const YAML_LIMITS = { maxFlowDepth: 64, maxAliasCount: 100, maxErrorsPerDocument: 20 };
export type YamlLimits = typeof YAML_LIMITS;

/**
 * `(yaml, text, limits) => YamlDocument[]`. First the lexer alone checks flow collections ([ and
 * {): deeper than the limit, or a closer with nothing open, and the text is refused unparsed.
 * Errors are located with a line counter rather than the library's prettyErrors, whose context
 * excerpts cost quadratic time on a text with thousands of errors.
 */
export const YAML_READER_SOURCE = String.raw`
  function linePos(offset) {
    let line = 1;
    let start = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return 'line ' + line + ', column ' + (offset - start + 1);
  }
  let depth = 0;
  let offset = 0;
  for (const token of new yaml.Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > limits.maxFlowDepth) return [{ errors: ['flow collections ([ and {) nested deeper than ' + limits.maxFlowDepth + ' levels at ' + linePos(offset)] }];
    } else if (token === ']' || token === '}') {
      if (depth === 0) return [{ errors: ["'" + token + "' closes nothing at " + linePos(offset)] }];
      depth--;
    }
    // the lexer's marker tokens (document, scalar, flow-error-end) take no room in the text
    if (token !== '\x02' && token !== '\x1f' && token !== '\x18') offset += token.length;
  }
  const lineCounter = new yaml.LineCounter();
  const docs = yaml.parseAllDocuments(text, { prettyErrors: false, lineCounter });
  const list = Array.isArray(docs) ? docs : [docs];
  return list.map((doc) => {
    if (doc.errors.length > 0) {
      const shown = doc.errors.slice(0, limits.maxErrorsPerDocument).map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        return e.message.split('\n')[0] + ' at line ' + at.line + ', column ' + at.col;
      });
      const more = doc.errors.length - shown.length;
      return { errors: more > 0 ? shown.concat(['and ' + more + ' more problem(s)']) : shown };
    }
    try {
      const value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
      return { value: value === undefined ? null : value };
    } catch (err) {
      // the yaml library refuses alias bombs by throwing: bad input, not a crash
      return { errors: [String(err && err.message ? err.message : err)] };
    }
  });
`;

type Reader = (lib: typeof yaml, text: string, limits: YamlLimits) => YamlDocument[];
// our own constant source (see above), never text from a request
const read = new Function('yaml', 'text', 'limits', YAML_READER_SOURCE) as Reader;

/** Every document of a YAML text, read within YAML_LIMITS, on this thread. */
export function yamlDocuments(text: string): YamlDocument[] {
  return read(yaml, text, YAML_LIMITS);
}
