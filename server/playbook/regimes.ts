// The reporting regimes in force (CONTRACT.md §7): read once at start from regimes/regimes.yaml
// or the file BLAST_RADIUS_REGIMES names, validated, and consulted when nodes name regimes and
// when a communication files a clock.
import fs from 'node:fs';
import { parse } from 'yaml';
import { RegimesFile, type CommunicationRequest, type ErrorDetail, type NodeDocument, type Regime } from '../../graph-schema/index.js';
import { invalid } from '../errors.js';
import { issuePath } from '../manifest/parse.js';
import { DEFAULT_REGIMES_FILE } from './paths.js';

export type RegimeCatalog = RegimesFile;

/** Thrown at start: the server must not run on regimes it cannot read. */
export class RegimesFileError extends Error {}

/** The file to read: BLAST_RADIUS_REGIMES when set, else the repository's default. */
export function regimesPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.BLAST_RADIUS_REGIMES?.trim();
  return configured ? configured : DEFAULT_REGIMES_FILE;
}

/** Validates the text of a regimes file; `where` names it in the message. */
export function parseRegimes(text: string, where: string): RegimeCatalog {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new RegimesFileError(`The regimes file ${where} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const result = RegimesFile.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${issuePath('', i.path).replace(/^\./, '') || '(the file)'}: ${i.message}`);
    throw new RegimesFileError(`The regimes file ${where} is invalid, so the server will not start: ${problems.join('; ')}`);
  }
  return result.data;
}

/** Reads and validates the regimes file, or throws a RegimesFileError that says what is wrong where. */
export function loadRegimes(file: string = regimesPath()): RegimeCatalog {
  const where = file === DEFAULT_REGIMES_FILE ? file : `${file} (BLAST_RADIUS_REGIMES)`;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RegimesFileError(`Cannot read the regimes file ${where}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseRegimes(text, where);
}

export function regimeById(catalog: RegimeCatalog, id: string): Regime | undefined {
  return catalog.regimes.find((r) => r.id === id);
}

const knownList = (catalog: RegimeCatalog) => catalog.regimes.map((r) => r.id).join(', ');

/**
 * Every `spec.regimes` id of a validated batch that names no regime in force, as a 400 detail
 * naming the document and field. `documents[i]` is the batch's i-th document, as validateBatch
 * returns them (it returns none when any document is invalid, so the indexes match).
 */
export function checkRegimeIds(documents: readonly NodeDocument[], catalog: RegimeCatalog): ErrorDetail[] {
  const known = new Set(catalog.regimes.map((r) => r.id));
  const errors: ErrorDetail[] = [];
  documents.forEach((doc, i) => {
    (doc.spec.regimes ?? []).forEach((id, j) => {
      if (known.has(id)) return;
      errors.push({
        path: `documents[${i}].spec.regimes[${j}]`,
        document: i,
        message: `${doc.metadata.name}: unknown regime '${id}' (the regimes in force: ${knownList(catalog)})`,
      });
    });
  });
  return errors;
}

/** checkRegimeIds as a domain error, for an apply route: throws when any id is unknown. */
export function assertRegimeIds(documents: readonly NodeDocument[], catalog: RegimeCatalog): void {
  const errors = checkRegimeIds(documents, catalog);
  if (errors.length > 0) throw invalid(`The batch names ${errors.length} unknown regime(s); nothing was applied`, errors);
}

/**
 * A communication's `regime` and `clock` must name a regime in force and one of its clocks; a
 * `clock` needs its `regime`. Details are named under `body`, as the route's validation does.
 */
export function checkCommunication(request: Pick<CommunicationRequest, 'regime' | 'clock'>, catalog: RegimeCatalog): ErrorDetail[] {
  if (request.regime === undefined) {
    return request.clock === undefined ? [] : [{ path: 'body.clock', message: 'a clock needs its regime: give regime too' }];
  }
  const regime = regimeById(catalog, request.regime);
  if (!regime) return [{ path: 'body.regime', message: `unknown regime '${request.regime}' (the regimes in force: ${knownList(catalog)})` }];
  if (request.clock !== undefined && !regime.clocks.some((c) => c.name === request.clock)) {
    return [{ path: 'body.clock', message: `'${request.clock}' is not a clock of ${regime.id} (${regime.clocks.map((c) => `'${c.name}'`).join(', ')})` }];
  }
  return [];
}
