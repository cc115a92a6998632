// Escaping for the Markdown report and the CSV worklist (server/analysis/escape.ts): the values a
// person typed come out as text, never as markup, a forged line or a spreadsheet formula.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvText, mdCell, mdCode, mdText } from '../../server/analysis/escape.js';

describe('mdText', () => {
  it('keeps a value on its line, whatever line break it holds', () => {
    for (const br of ['\n', '\r\n', '\r', '\u2028', '\u2029', '\u0085', '\u000b', '\f']) {
      const out = mdText(`Refunds${br}## Remaining exposure — None`);
      expect(out, JSON.stringify(br)).not.toMatch(/[\n\r\u2028\u2029\u0085\u000b\f]/);
      expect(out).toBe('Refunds \\#\\# Remaining exposure — None');
    }
  });

  it('turns raw HTML into entities, so no tag opens', () => {
    expect(mdText('<img src=x onerror=alert(1)> & <script>')).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;');
    expect(mdText('&lt;already&gt;')).toBe('&amp;lt;already&amp;gt;');
  });

  it('backslash-escapes what opens emphasis, links, code, strikethrough, math or a heading run', () => {
    expect(mdText('**bold** _em_ `code` [link](http://x) ~~gone~~ $x$ #tag \\')).toBe(
      '\\*\\*bold\\*\\* \\_em\\_ \\`code\\` \\[link\\](http://x) \\~\\~gone\\~\\~ \\$x\\$ \\#tag \\\\',
    );
  });

  it('leaves plain text, dates and addresses readable', () => {
    expect(mdText('Policy agent invented a refund rule (EU), 2025-03-01T10:00:00.000Z')).toBe('Policy agent invented a refund rule (EU), 2025-03-01T10:00:00.000Z');
    expect(mdText('cx@example.com')).toBe('cx@example.com');
    expect(mdText(undefined)).toBe('');
  });
});

describe('mdCell', () => {
  it('escapes the pipe that would end a table cell, on top of mdText', () => {
    expect(mdCell('a | b\n| c |')).toBe('a \\| b \\| c \\|');
    expect(mdCell('<b>x</b>')).toBe('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('mdCode', () => {
  it('puts names in code spans and anything odd back to escaped text', () => {
    expect(mdCode('policy-agent')).toBe('`policy-agent`');
    expect(mdCode('src → a → b')).toBe('`src → a → b`');
    expect(mdCode('x` <b>|')).toBe('x\\` &lt;b&gt;\\|');
    expect(mdCode('a\nb')).toBe('a b');
  });
});

describe('csvText', () => {
  const parse = (text: string) => Papa.parse<string[]>(text, { newline: '\r\n' }).data.filter((r) => r.length > 1 || r[0] !== '');

  it('starts no cell with =, +, -, @, tab or carriage return (or their full-width forms)', () => {
    const hostile = ['=HYPERLINK("http://evil","click")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '＝1', '＋1', '－1', '＠1', -5];
    const rows = parse(csvText([hostile.map((_, i) => `c${i}`), hostile]));
    expect(rows[1]).toHaveLength(hostile.length);
    for (const cell of rows[1]) expect(cell, cell).toMatch(/^'/);
    // the text itself survives behind the quote mark
    expect(rows[1].map((c) => c.slice(1))).toEqual(hostile.map(String));
  });

  it('quotes commas, quotes and line breaks, ends every record in CRLF, and leaves ordinary cells alone', () => {
    const text = csvText([
      ['name', 'note', 'depth'],
      ['s1', 'Told "all", sorry\nline 2', 2],
      ['s2', null, 0],
    ]);
    expect(text).toBe('name,note,depth\r\ns1,"Told ""all"", sorry\nline 2",2\r\ns2,,0\r\n');
  });

  it('quotes a bare carriage return or line feed, so no record breaks in two', () => {
    expect(csvText([['a', 'line\rbreak', 'x\ny']])).toBe('a,"line\rbreak","x\ny"\r\n');
  });
});
