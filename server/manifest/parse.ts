// From manifest text (YAML or JSON, one or many documents) to validated node documents, with
// every problem named by file, document index and field path (CONTRACT.md §2, §4).
import type { z } from 'zod';
import { NodeDocument, type ErrorDetail } from '../../graph-schema/index.js';
import { yamlDocuments, type YamlDocument } from './yaml-read.js';

export interface RawDocument {
  value: unknown;
  /** Index in the batch, across files. */
  index: number;
  file?: string;
  /** Index within its file, for messages a person can find. */
  indexInFile: number;
}

export interface ParsedText {
  documents: RawDocument[];
  errors: ErrorDetail[];
}

export function issuePath(prefix: string, path: PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), prefix);
}

function where(file: string | undefined, indexInFile: number): Pick<ErrorDetail, 'file'> & { label: string } {
  return file === undefined ? { label: '' } : { file, label: `${file} document ${indexInFile + 1}: ` };
}

/** Splits text into raw documents. JSON is tried first when the text looks like JSON. */
export function parseManifestText(
  text: string,
  options: { file?: string; format?: 'yaml' | 'json'; startIndex?: number; /** The YAML already read (off the event loop, for a request body). */ yaml?: YamlDocument[] } = {},
): ParsedText {
  const { file } = options;
  const start = options.startIndex ?? 0;
  const trimmed = text.trimStart();
  const looksJson = options.format === 'json' || (options.format === undefined && (trimmed.startsWith('{') || trimmed.startsWith('[')));
  const values: unknown[] = [];
  const errors: ErrorDetail[] = [];
  let jsonParsed = false;
  if (looksJson) {
    try {
      const parsed: unknown = JSON.parse(text);
      values.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      jsonParsed = true;
    } catch (err) {
      // Flow-style YAML also starts with { or [: only text declared as JSON is held to JSON.
      if (options.format === 'json') {
        errors.push({ path: 'body', ...(file ? { file } : {}), message: `${file ? `${file}: ` : ''}not valid JSON: ${(err as Error).message}` });
        jsonParsed = true;
      }
    }
  }
  if (!jsonParsed) {
    (options.yaml ?? yamlDocuments(text)).forEach((doc, i) => {
      // A document that cannot be read is named once per problem and kept as a hole, so the
      // indexes of the documents after it stay right.
      const unreadable = (messages: string[]): void => {
        for (const m of messages) {
          errors.push({ path: `documents[${start + values.length}]`, ...(file ? { file } : {}), document: start + values.length, message: `${file ? `${file} document ${i + 1}: ` : ''}YAML: ${m}` });
        }
        values.push(undefined);
      };
      if ('errors' in doc) return unreadable(doc.errors);
      const value = doc.value;
      if (value === null || value === undefined) return; // an empty document, e.g. a trailing ---
      if (Array.isArray(value)) values.push(...value);
      else values.push(value);
    });
  }
  return {
    documents: values.map((value, i) => ({ value, index: start + i, indexInFile: i, ...(file ? { file } : {}) })),
    errors,
  };
}

export interface ValidatedBatch {
  documents: NodeDocument[];
  errors: ErrorDetail[];
}

/** Validates each document, then the batch as a whole: not empty, no name twice, aliases unambiguous. */
export function validateBatch(raw: RawDocument[]): ValidatedBatch {
  const errors: ErrorDetail[] = [];
  const documents: NodeDocument[] = [];
  if (raw.length === 0) {
    errors.push({ path: 'documents', message: 'the batch is empty: give at least one document' });
  }
  const byName = new Map<string, RawDocument>();
  const aliasOwner = new Map<string, string>();
  for (const doc of raw) {
    if (doc.value === undefined) continue; // already reported as unparseable
    const { label, ...fileField } = where(doc.file, doc.indexInFile);
    const result = NodeDocument.safeParse(doc.value);
    if (!result.success) {
      for (const issue of result.error.issues) errors.push(detail(doc, issue, label, fileField));
      continue;
    }
    const node = result.data;
    const name = node.metadata.name;
    const first = byName.get(name);
    if (first) {
      errors.push({
        path: `documents[${doc.index}].metadata.name`,
        document: doc.index,
        ...fileField,
        message: `${label}'${name}' is defined twice in this batch (also document ${first.index})`,
      });
      continue;
    }
    byName.set(name, doc);
    documents.push(node);
  }
  for (const node of documents) {
    const doc = byName.get(node.metadata.name)!;
    const { label, ...fileField } = where(doc.file, doc.indexInFile);
    (node.spec.aliases ?? []).forEach((alias, j) => {
      const clash = byName.has(alias) && alias !== node.metadata.name ? alias : aliasOwner.get(alias);
      if (clash !== undefined && clash !== node.metadata.name) {
        errors.push({
          path: `documents[${doc.index}].spec.aliases[${j}]`,
          document: doc.index,
          ...fileField,
          message: `${label}alias '${alias}' is ambiguous: it also names '${clash}'`,
        });
      }
      aliasOwner.set(alias, node.metadata.name);
    });
  }
  // A document that did not even parse makes the whole batch unappliable, like any other error.
  const unparseable = raw.some((doc) => doc.value === undefined);
  return { documents: errors.length === 0 && !unparseable ? documents : [], errors };
}

function detail(doc: RawDocument, issue: z.core.$ZodIssue, label: string, fileField: { file?: string }): ErrorDetail {
  const path = issuePath(`documents[${doc.index}]`, issue.path);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'kind') message = `kind must be one of Agent, System, Surface`;
  // Zod 4 leaves `input` out of issues, so look the value up to tell missing from wrong.
  if (issue.code === 'invalid_type' && valueAt(doc.value, issue.path) === undefined) message = `${String(issue.path.at(-1) ?? 'value')} is required`;
  return { path, document: doc.index, ...fileField, message: `${label}${path.replace(/^documents\[\d+\]\.?/, '') || 'document'}: ${message}` };
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
