// The bounded YAML reader (server/manifest/yaml-read.ts) and the worker pool that runs it for
// request bodies (yaml-pool.ts): the same answers on both threads, the limits, and a budget that
// ends a slow parse without touching the event loop.
import { afterAll, describe, expect, it } from 'vitest';
import { YamlPool, YamlTooCostly } from '../../server/manifest/yaml-pool.js';
import { YAML_LIMITS, yamlDocuments } from '../../server/manifest/yaml-read.js';

const CORPUS = [
  'apiVersion: blast-radius/v1\nkind: Agent\nmetadata: { name: a, owner: o }\n',
  'a: 1\n---\n---\nb: [1, {c: "]["}, \'[\']\n',
  'c: |\n  ]]]] [[[ "\nd: x]y\n',
  'kind: [unclosed',
  'a: *missing',
  'x: &x [1]\ny: *x\n',
  '- a\n- b\n',
  '',
  '# only a comment\n',
  '['.repeat(YAML_LIMITS.maxFlowDepth) + ']'.repeat(YAML_LIMITS.maxFlowDepth),
  '['.repeat(YAML_LIMITS.maxFlowDepth + 1),
  'a: 1\n}',
  ']['.repeat(50),
];

const pool = new YamlPool({ size: 1 });
afterAll(() => pool.close());

describe('yamlDocuments', () => {
  it('reads documents, and names each unreadable one with its line and column', () => {
    expect(yamlDocuments('a: 1\n---\nb: [2]\n')).toEqual([{ value: { a: 1 } }, { value: { b: [2] } }]);
    const [bad] = yamlDocuments('a: 1\nkind: [unclosed');
    expect(bad).toEqual({ errors: [expect.stringMatching(/at line 2, column \d+$/)] });
  });

  it('refuses flow nesting past the limit, and a closer with nothing open, before parsing', () => {
    expect(yamlDocuments(`a:\n  - ${'['.repeat(65)}`)).toEqual([{ errors: ['flow collections ([ and {) nested deeper than 64 levels at line 2, column 69'] }]);
    expect(yamlDocuments('a: 1\n]')).toEqual([{ errors: ["']' closes nothing at line 2, column 1"] }]);
    // the lexer knows YAML: an indented ] continues the plain scalar, it closes nothing
    expect(yamlDocuments('a: 1\n  ]')).toEqual([{ value: { a: '1 ]' } }]);
    // brackets inside quotes, block scalars and plain scalars are text, not nesting
    expect(yamlDocuments(`q: "${'['.repeat(200)}"\nb: |\n  ${'{'.repeat(200)}\nc: a${'['.repeat(200)}`)).toHaveLength(1);
    expect(yamlDocuments(`q: "${'['.repeat(200)}"`)[0]).toHaveProperty('value');
  });

  it('refuses an alias bomb, and caps the errors it lists', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');
    expect(yamlDocuments(laughs)).toEqual([{ errors: [expect.stringMatching(/alias/i)] }]);
    const many = yamlDocuments('!!map '.repeat(500) + '{}')[0] as { errors: string[] };
    expect(many.errors).toHaveLength(YAML_LIMITS.maxErrorsPerDocument + 1);
    expect(many.errors.at(-1)).toMatch(/^and \d+ more problem\(s\)$/);
  });
});

describe('YamlPool', () => {
  it('gives the same answers in its worker as yamlDocuments on this thread', async () => {
    for (const text of CORPUS) expect(await pool.read(text), JSON.stringify(text)).toEqual(yamlDocuments(text));
  });

  it('ends a parse past its budget, keeps the event loop free meanwhile, and carries on with a fresh worker', async () => {
    const tight = new YamlPool({ size: 1, baseMs: 300, msPerKiB: 0 });
    try {
      await tight.read('warm: up'); // start-up is not part of the budget; measured from here
      const slow = 'base: &b {x: 1}\n' + Array.from({ length: 50_000 }, (_, i) => `m${i}: {<<: *b}`).join('\n');
      let worstGap = 0;
      let last = performance.now();
      const tick = setInterval(() => {
        const now = performance.now();
        worstGap = Math.max(worstGap, now - last);
        last = now;
      }, 10);
      const started = performance.now();
      const outcome = await tight.read(slow).catch((err: unknown) => err);
      clearInterval(tick);
      expect(outcome).toBeInstanceOf(YamlTooCostly);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(worstGap, `worst event-loop gap ${Math.round(worstGap)} ms`).toBeLessThan(200);
      expect(await tight.read('after: [1, 2]')).toEqual([{ value: { after: [1, 2] } }]);
    } finally {
      await tight.close();
    }
  });

  it('queues texts beyond its size and answers each', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.read(`n: ${i}`)));
    expect(answers).toEqual(Array.from({ length: 6 }, (_, i) => [{ value: { n: i } }]));
  });
});
