// Everything the playbook reads from disk, loaded once at start: the regimes in force and the
// audience templates. Either being wrong stops the server with a message naming the file.
import { loadRegimes, regimesPath, type RegimeCatalog } from './regimes.js';
import { loadTemplates, type Templates } from './templates.js';

export interface Playbook {
  regimes: RegimeCatalog;
  templates: Templates;
}

/** Throws RegimesFileError or TemplateError (plain Errors with a message for the operator). */
export function loadPlaybook(env: NodeJS.ProcessEnv = process.env): Playbook {
  return { regimes: loadRegimes(regimesPath(env)), templates: loadTemplates() };
}
