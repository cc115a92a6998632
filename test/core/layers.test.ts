// The layers hold (issue 13): the HTTP layer depends on the services, stores and analysis, never
// the other way round, and the pure analysis knows no store. Read from the source's import lines
// (static, `export … from`, `import type` and dynamic `import('…')`), so a new file is checked too.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(ROOT, 'server');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const SPECIFIER = /(?:\bimport|\bexport)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Import {
  file: string;
  target: string;
  names: string;
}

/** Every relative import of a file, resolved to a repository path (`server/api/route.ts`). */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2] ?? match[3]!;
    if (!spec.startsWith('.')) continue;
    const target = path.relative(ROOT, path.resolve(path.dirname(file), spec)).replace(/\\/g, '/').replace(/\.js$/, '.ts');
    found.push({ file: path.relative(ROOT, file).replace(/\\/g, '/'), target, names: match[0] });
  }
  return found;
}

const graph = sourceFiles(SERVER).flatMap(importsOf);
const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
const violations = (from: string[], to: string) =>
  graph.filter((i) => from.some((d) => under(i.file, d)) && under(i.target, to)).map((i) => `${i.file} → ${i.target}`);

describe('layers', () => {
  it('reads the import graph (a scan that finds nothing would pass anything)', () => {
    const targets = (file: string) => graph.filter((i) => i.file === file).map((i) => i.target);
    expect(targets('server/api/app.ts')).toEqual(expect.arrayContaining(['server/service/incidents.ts', 'server/errors.ts', 'server/validate.ts']));
    // a dynamic import and an `import type` are edges too
    expect(targets('server/store/index.ts')).toContain('server/store/neo4j.ts');
    expect(targets('server/api/openapi.ts')).toContain('server/api/route.ts');
    expect(graph.length).toBeGreaterThan(200);
  });

  it('the services, stores and analysis import nothing from server/api', () => {
    expect(violations(['server/service', 'server/store', 'server/analysis'], 'server/api')).toEqual([]);
  });

  it('the analysis imports no store: it is pure, both stores call it', () => {
    expect(violations(['server/analysis'], 'server/store')).toEqual([]);
  });

  it('the services, stores and analysis throw domain errors, never ApiError (the HTTP-only error)', () => {
    const offenders = sourceFiles(SERVER)
      .map((f) => path.relative(ROOT, f).replace(/\\/g, '/'))
      .filter((f) => ['server/service', 'server/store', 'server/analysis'].some((d) => under(f, d)))
      .filter((f) => /\bApiError\b/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
