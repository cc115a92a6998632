// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information so `npm run lint` stays fast. Run with `npm run lint`; .ci/run runs it too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The Node globals the plain-JavaScript scripts use (TypeScript files get them from @types/node).
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch', 'AbortSignal'].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.neo4j/**', 'data/**', 'test-results/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      // A leading underscore marks a parameter kept for its position (express's 4-argument error handler, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // The escaping and packing code matches control characters on purpose (CSV/Markdown escapes, separators).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests read untyped JSON answers and poke at them; the assertions are the type check there.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
