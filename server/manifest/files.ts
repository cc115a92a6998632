// Reading manifests from files and folders, for the CLI and the demo seed.
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorDetail, NodeDocument } from '../../graph-schema/index.js';
import { parseManifestText, validateBatch, type RawDocument } from './parse.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Files named directly, and the manifest files found below named folders, in a stable order. */
export function manifestFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${p}: no such file or folder`);
    if (stat.isDirectory()) {
      const found = (fs.readdirSync(p, { recursive: true }) as string[])
        .filter((f) => MANIFEST_FILE.test(f))
        .map((f) => path.join(p, f))
        .sort();
      files.push(...found);
    } else files.push(p);
  }
  return files;
}

export interface DocumentOrigin {
  file: string;
  /** 0-based index of the document within its file. */
  indexInFile: number;
}

/** `origins[i]` says where `documents[i]` came from, so later checks can name the file. */
export function loadManifests(paths: string[]): { documents: NodeDocument[]; origins: DocumentOrigin[]; errors: ErrorDetail[]; files: string[] } {
  const files = manifestFiles(paths);
  const raw: RawDocument[] = [];
  const errors: ErrorDetail[] = [];
  for (const file of files) {
    const parsed = parseManifestText(fs.readFileSync(file, 'utf8'), { file, startIndex: raw.length, ...(file.endsWith('.json') ? { format: 'json' as const } : {}) });
    raw.push(...parsed.documents);
    errors.push(...parsed.errors);
  }
  const batch = validateBatch(raw);
  const origins = raw.map((doc) => ({ file: doc.file ?? '', indexInFile: doc.indexInFile }));
  return { documents: batch.documents, origins, errors: [...errors, ...batch.errors], files };
}
