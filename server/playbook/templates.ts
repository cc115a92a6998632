// Draft messages per audience, from playbook/templates/<audience>.md: a first line
// `Subject: ...`, a blank line, then the Markdown body, with `{{placeholder}}`s. Every value put
// in is escaped for Markdown (server/analysis/escape.ts, as the report does): a node title or
// an incident title can never add markup, a link or a heading to a draft.
import fs from 'node:fs';
import path from 'node:path';
import { AUDIENCES, type SurfaceAudience } from '../../graph-schema/index.js';
import { mdText } from '../analysis/escape.js';
import { TEMPLATES_DIR } from './paths.js';

export interface Template {
  subject: string;
  body: string;
}
export type Templates = Record<SurfaceAudience, Template>;

/** A value is one line of text, or a list rendered as one Markdown bullet per item. */
export type TemplateValues = Record<string, string | readonly string[]>;

/** The placeholders a template may use: anything else is a mistake in the template, refused at load. */
export const PLACEHOLDERS = [
  'incidentId',
  'incidentTitle',
  'failureMode',
  'failureModeCode',
  'sourceName',
  'sourceTitle',
  'outputAt',
  'detectedAt',
  'outputRef',
  'firstArrival',
  'surfaceTitles',
  'surfaceList',
  'ownerList',
  'contactList',
  'clockList',
  'reachedCount',
  'exposedCount',
  'surfaceCount',
  'allSurfacesReached',
  'allSurfacesExposed',
  'notLegalAdvice',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

export class TemplateError extends Error {}

/** Splits a template file into subject and body, refusing unknown placeholders. */
export function parseTemplate(text: string, where: string): Template {
  const normalized = text.replace(/\r\n?/g, '\n');
  const match = /^Subject:[ \t]*(.+)\n\n?([\s\S]*)$/.exec(normalized);
  if (!match) throw new TemplateError(`The template ${where} must start with a line "Subject: ..." followed by a blank line and the body`);
  const unknown = [...normalized.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    throw new TemplateError(`The template ${where} uses unknown placeholder(s) ${[...new Set(unknown)].map((n) => `{{${n}}}`).join(', ')}; known: ${PLACEHOLDERS.join(', ')}`);
  }
  return { subject: match[1].trim(), body: match[2].replace(/\s+$/, '') + '\n' };
}

/** Reads the six audience templates; throws a TemplateError naming the file that is missing or wrong. */
export function loadTemplates(dir: string = TEMPLATES_DIR): Templates {
  const entries = AUDIENCES.map((audience) => {
    const file = path.join(dir, `${audience}.md`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new TemplateError(`Cannot read the ${audience} template ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return [audience, parseTemplate(text, file)] as const;
  });
  return Object.fromEntries(entries) as Templates;
}

/**
 * Substitutes every `{{name}}`: a string as escaped inline text, a list as one escaped `- item`
 * line per entry (a list belongs on a line of its own). A name without a value renders empty.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) return '';
    if (typeof value === 'string') return mdText(value);
    return value.map((item) => `- ${mdText(item)}`).join('\n');
  });
}

/** The subject is one line of plain text in Markdown: escaped like the body, then kept on its line. */
export function renderDraft(template: Template, values: TemplateValues): Template {
  return { subject: renderTemplate(template.subject, values), body: renderTemplate(template.body, values) };
}
