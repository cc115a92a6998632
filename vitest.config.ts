import { configDefaults, defineConfig } from 'vitest/config';

// Inline projects do not inherit the root `test` options in Vitest 4, so the
// shared ones are spelled out for each.
const shared = {
  testTimeout: 60_000,
  hookTimeout: 180_000,
};

export default defineConfig({
  test: {
    // Listed once, at the root: Vitest 4 always runs the root project's
    // globalSetup, once per run, and every project inherits what it provides
    // (`inject('neo4j')`). Repeating it in the projects would run it per project.
    globalSetup: ['test/setup/global-neo4j.ts'],
    ...shared,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/neo4j/**', 'test/bench/**'],
          ...shared,
        },
      },
      {
        test: {
          name: 'neo4j',
          include: ['test/neo4j/**/*.test.ts'],
          // Community edition has a single user database and these files clear it.
          fileParallelism: false,
          ...shared,
        },
      },
    ],
  },
});
