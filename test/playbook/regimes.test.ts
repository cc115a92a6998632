// The regimes file (server/playbook/regimes.ts): the default file validates; a replacement named
// by BLAST_RADIUS_REGIMES is read instead; a bad file is refused with a message naming the file
// and the field; node regimes and communications are checked against the regimes in force.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeDocument } from '../../graph-schema/index.js';
import { loadPlaybook } from '../../server/playbook/load.js';
import { DEFAULT_REGIMES_FILE } from '../../server/playbook/paths.js';
import { assertRegimeIds, checkCommunication, checkRegimeIds, loadRegimes, parseRegimes, regimesPath, RegimesFileError } from '../../server/playbook/regimes.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'regimes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};
const catalog = loadRegimes();

const minimal = (clock: string) => `version: 2
checked: "2026-12-01"
notLegalAdvice: Not legal advice.
regimes:
  - id: house-rule
    name: House rule
    authority: The board
    source: https://example.com/rule
    checked: "2026-12-01"
    notLegalAdvice: Not legal advice.
    clocks:
${clock}
`;

describe('loading the regimes', () => {
  it('reads the repository file by default, versioned and dated', () => {
    expect(regimesPath({})).toBe(DEFAULT_REGIMES_FILE);
    expect(catalog.version).toBeGreaterThanOrEqual(1);
    expect(catalog.checked).toBe('2026-12-01');
    expect(catalog.notLegalAdvice).toMatch(/not legal advice/i);
    // every clock runs from awareness, filled in where the file leaves it out
    for (const r of catalog.regimes) for (const c of r.clocks) expect(c.from).toBe('awareness');
  });

  it('reads the file BLAST_RADIUS_REGIMES names instead', () => {
    const file = write('custom.yaml', minimal('      - { name: memo, within: 2BD }'));
    expect(regimesPath({ BLAST_RADIUS_REGIMES: file })).toBe(file);
    const custom = loadRegimes(regimesPath({ BLAST_RADIUS_REGIMES: file }));
    expect(custom.version).toBe(2);
    expect(custom.regimes.map((r) => r.id)).toEqual(['house-rule']);
    expect(custom.regimes[0].clocks).toEqual([{ name: 'memo', within: '2BD', from: 'awareness' }]);
  });

  it('refuses a bad file with the file and the field named', () => {
    const cases: [string, RegExp][] = [
      [minimal('      - { name: memo, within: 15 days }'), /regimes\[0\]\.clocks\[0\]\.within: must be an ISO 8601 duration/],
      [minimal('      - { name: memo, within: PT0S }'), /within: must be longer than zero/],
      [minimal('      - { name: memo, within: P999M }'), /regimes\[0\]\.clocks\[0\]\.within/],
      [minimal('      - { name: memo, within: P1D }\n      - { name: memo, within: P2D }'), /regimes\[0\]\.clocks\[1\]\.name: clock 'memo' is listed twice/],
      [minimal('      - { name: memo, within: P1D, from: detection }'), /clocks\[0\]\.from/],
      [minimal('      - { name: memo, within: P1D }').replace('https://example.com/rule', 'javascript:alert(1)'), /regimes\[0\]\.source/],
      [minimal('      - { name: memo, within: P1D }').replace('version: 2', 'version: two'), /version/],
      [minimal('      - { name: memo, within: P1D }').replace('checked: "2026-12-01"\nnot', 'checked: "2026-02-30"\nnot'), /checked: must be a real date/],
      ['regimes: [', /not valid YAML/],
      ['', /\(the file\)/],
    ];
    for (const [text, message] of cases) {
      const file = write('bad.yaml', text);
      expect(() => loadRegimes(file), text).toThrow(RegimesFileError);
      expect(() => loadRegimes(file), text).toThrow(message);
      expect(() => loadRegimes(file), text).toThrow(`${file} (BLAST_RADIUS_REGIMES)`);
    }
    expect(() => loadRegimes(path.join(tmp, 'missing.yaml'))).toThrow(/Cannot read the regimes file .*missing\.yaml.*ENOENT/);
  });

  it('loads regimes and templates together at start, refusing a bad regimes file', () => {
    const playbook = loadPlaybook({});
    expect(playbook.regimes).toEqual(catalog);
    expect(Object.keys(playbook.templates)).toHaveLength(6);
    const bad = write('start.yaml', 'version: 1\n');
    expect(() => loadPlaybook({ BLAST_RADIUS_REGIMES: bad })).toThrow(/start\.yaml \(BLAST_RADIUS_REGIMES\) is invalid, so the server will not start: checked: .*; regimes: /);
  });

  it('refuses the same regime id twice', () => {
    const text = minimal('      - { name: memo, within: P1D }');
    const twice = text + text.slice(text.indexOf('  - id:'));
    expect(() => parseRegimes(twice, 'x.yaml')).toThrow(/regimes\[1\]\.id: regime 'house-rule' is listed twice/);
  });
});

describe('checking names against the regimes in force', () => {
  const doc = (name: string, regimes: string[]) => NodeDocument.parse({ apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name, owner: 'o' }, spec: { regimes } });

  it('names the document and field of every unknown regime id', () => {
    const docs = [doc('crm', ['gdpr-art33']), doc('erp', ['dora', 'gdpr-33', 'nis2'])];
    expect(checkRegimeIds(docs, catalog)).toEqual([
      { path: 'documents[1].spec.regimes[1]', document: 1, message: expect.stringMatching(/^erp: unknown regime 'gdpr-33' \(the regimes in force: .*gdpr-art33/) },
    ]);
    expect(() => assertRegimeIds(docs, catalog)).toThrow(expect.objectContaining({ kind: 'invalid', details: [expect.objectContaining({ path: 'documents[1].spec.regimes[1]' })] }));
    expect(() => assertRegimeIds([docs[0]], catalog)).not.toThrow();
  });

  it('checks a communication\'s regime and clock', () => {
    expect(checkCommunication({}, catalog)).toEqual([]);
    expect(checkCommunication({ regime: 'gdpr-art33' }, catalog)).toEqual([]);
    expect(checkCommunication({ regime: 'gdpr-art33', clock: 'notification' }, catalog)).toEqual([]);
    expect(checkCommunication({ clock: 'notification' }, catalog)).toEqual([{ path: 'body.clock', message: 'a clock needs its regime: give regime too' }]);
    expect(checkCommunication({ regime: 'gdpr' }, catalog)[0].path).toBe('body.regime');
    expect(checkCommunication({ regime: 'nis2', clock: 'notification' }, catalog)).toEqual([
      { path: 'body.clock', message: "'notification' is not a clock of nis2 ('early warning', 'incident notification', 'final report')" },
    ]);
  });
});
