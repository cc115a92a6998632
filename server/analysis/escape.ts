// Escaping for the artefacts people open outside the app (CONTRACT.md §9 "Outputs"): a value a
// user typed (a title, a note, an owner) must read as text in the Markdown report and as a plain
// cell in the CSV worklist, never as markup, a forged section or a spreadsheet formula.
import { stringify } from 'csv-stringify/sync';

/** Every line break a renderer might honour, and the other C0/C1 controls: a value stays on its line. */
const BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Punctuation that can open emphasis, a link or image (`[`; `(` and `!` mean nothing without it),
 * code, strikethrough, GitHub math or a heading's closing run. A value never starts a line (line
 * breaks are gone and every line starts with the report's own text), so block markers such as
 * `-`, `+`, `>` or `1.` stay as they are.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]#~$]/g;

/**
 * A value as inline Markdown text: on one line, with markup characters backslash-escaped and
 * HTML's `<`, `>` and `&` as entities, so it renders exactly as typed and cannot open a tag.
 */
export function mdText(value: unknown): string {
  return String(value ?? '')
    .replace(BREAKS_AND_CONTROLS, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_PUNCTUATION, (ch) => `\\${ch}`);
}

/** A value inside a GFM table cell: inline text whose `|` cannot end the cell. */
export function mdCell(value: unknown): string {
  return mdText(value).replace(/\|/g, '\\|');
}

/** Characters that mean nothing inside a code span, in a table or out (names, revisions, arrows). */
const CODE_SAFE = /^[\p{L}\p{N} ._:/@→-]+$/u;

/**
 * A value as inline code when it is made only of harmless characters (node names always are);
 * anything else falls back to escaped text, because a code span cannot escape a backtick or a pipe.
 */
export function mdCode(value: unknown): string {
  const text = String(value ?? '');
  return CODE_SAFE.test(text) ? `\`${text}\`` : mdCell(text);
}

/**
 * CSV text (RFC 4180, CRLF records) from rows of cells, through csv-stringify: quoting where a cell
 * holds a comma, quote or line break, and its formula escaping, so no cell starts with `=`, `+`,
 * `-`, `@`, tab or carriage return (or their full-width forms) as written: those get a leading `'`,
 * OWASP's advice against CSV injection. Every cell is passed as text, numbers included, so that
 * rule has no exception (csv-stringify lets a negative number through).
 */
export function csvText(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = rows.map((row) => row.map((value) => (value === null || value === undefined ? '' : String(value))));
  // a bare CR or LF must be quoted too: csv-stringify quotes only a whole CRLF on its own
  return stringify(cells, { record_delimiter: 'windows', escape_formulas: true, quoted_match: /[\r\n]/ });
}
