// The project's own test inputs in fixtures/ (Backstage catalogs, OTLP and framework traces):
// always there, so the default suite needs nothing beside the clone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
export const fixturePath = (...parts: string[]) => path.join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]) => fs.readFileSync(fixturePath(...parts), 'utf8');
export const readFixtureJson = (...parts: string[]): unknown => JSON.parse(readFixture(...parts));
