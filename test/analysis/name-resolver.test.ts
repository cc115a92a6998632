import { describe, expect, it } from 'vitest';
import { createNameResolver, normaliseName } from '../../server/analysis/name-resolver.js';
import { node } from './node-doc.js';

describe('normaliseName', () => {
  it.each([
    ['PolicyAgent', 'policy-agent'],
    ['policy_agent', 'policy-agent'],
    ['Policy Agent', 'policy-agent'],
    ['policy.agent', 'policy-agent'],
    ['HTTPServer', 'http-server'],
    ['OpenAIAgent', 'open-ai-agent'],
    ['joke_agent', 'joke-agent'],
    ['my.service', 'my-service'],
    ['  __x__  ', 'x'],
    ['unknown_service:python', 'unknown-service-python'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseName(raw)).toBe(expected);
  });
});

describe('createNameResolver', () => {
  const resolve = createNameResolver([
    node('policy-agent', 'Agent', [], { aliases: ['PolicySvc', 'policy-bot-v2'] }),
    node('crm', 'System', [], { aliases: ['salesforce.crm'] }),
    node('foo-bar', 'System'),
    node('foo--bar', 'System'),
    node('weather-agent', 'Agent', [], { aliases: ['99981f6a-abd1-4d09-9fba-00e2ab172193'] }),
  ]);

  it('matches the exact name first', () => {
    expect(resolve('policy-agent')).toBe('policy-agent');
    expect(resolve('foo-bar')).toBe('foo-bar');
    expect(resolve('foo--bar')).toBe('foo--bar');
  });

  it('then an exact alias', () => {
    expect(resolve('PolicySvc')).toBe('policy-agent');
    expect(resolve('salesforce.crm')).toBe('crm');
    expect(resolve('99981f6a-abd1-4d09-9fba-00e2ab172193')).toBe('weather-agent');
  });

  it('then the normalised form against names, then against aliases', () => {
    expect(resolve('PolicyAgent')).toBe('policy-agent');
    expect(resolve('policy_agent')).toBe('policy-agent');
    expect(resolve('Policy Agent')).toBe('policy-agent');
    expect(resolve('POLICY.AGENT')).toBe('policy-agent');
    expect(resolve('CRM')).toBe('crm');
    expect(resolve('Salesforce_CRM')).toBe('crm'); // normalised alias salesforce-crm
    expect(resolve('policy_svc')).toBe('policy-agent'); // normalised alias
  });

  it('answers undefined for an unknown or ambiguous name', () => {
    expect(resolve('billing')).toBeUndefined();
    expect(resolve('')).toBeUndefined();
    expect(resolve('---')).toBeUndefined();
    // foo-bar and foo--bar both normalise to foo-bar: better unmatched than guessed
    expect(resolve('Foo_Bar')).toBeUndefined();
  });
});
