// `node --import ./test/build/record-imports.mjs …`: appends every module URL the process
// resolves to the file named by RECORD_IMPORTS (for the CLI start-up test).
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url);
