// The Host rule from configuration (server/api/security.ts): loopback binding, binding beyond
// loopback with and without BLAST_RADIUS_ALLOWED_HOSTS, `*`, and the OIDC issuer in the CSP.
import { describe, expect, it } from 'vitest';
import { hostAllowed, securityOptions } from '../../server/api/security.js';

const options = (env: { HOST: string; BLAST_RADIUS_ALLOWED_HOSTS?: string; BLAST_RADIUS_OIDC_ISSUER?: string }) => securityOptions(env);

describe('bound to loopback', () => {
  const { options: o, warning } = options({ HOST: '127.0.0.1' });

  it('answers to the loopback names on any port, and to nothing else, IP addresses included', () => {
    expect(warning).toBeUndefined();
    for (const h of ['localhost', 'localhost:7700', '127.0.0.1:7700', '[::1]:7700', 'Localhost:1']) expect(hostAllowed(h, o), h).toBe(true);
    for (const h of ['evil.example', '10.0.0.1:7700', '127.0.0.2', '[::2]:7700', 'localhost.evil.example', '', undefined, 'a b', 'x:99999999']) expect(hostAllowed(h, o), String(h)).toBe(false);
  });

  it('adds the names of BLAST_RADIUS_ALLOWED_HOSTS, a port pinned when given, subdomains for a leading dot', () => {
    const { options: listed } = options({ HOST: '127.0.0.1', BLAST_RADIUS_ALLOWED_HOSTS: 'Blast.Example.com,.corp.example , api.example:8443' });
    for (const h of ['blast.example.com', 'BLAST.example.com:80', 'x.corp.example', 'corp.example', 'api.example:8443', 'localhost:7700']) expect(hostAllowed(h, listed), h).toBe(true);
    for (const h of ['example.com', 'evilcorp.example', 'api.example:8444', 'api.example']) expect(hostAllowed(h, listed), h).toBe(false);
  });

  it('answers to anything with *', () => {
    expect(hostAllowed('anything.example', options({ HOST: '127.0.0.1', BLAST_RADIUS_ALLOWED_HOSTS: '*' }).options)).toBe(true);
  });
});

describe('bound beyond loopback', () => {
  it('without a list: IP addresses and the loopback names are served, other names refused, and a warning says how to allow them', () => {
    const { options: o, warning } = options({ HOST: '0.0.0.0' });
    for (const h of ['10.1.2.3:7700', '[fd00::1]:7700', '127.0.0.1', 'localhost']) expect(hostAllowed(h, o), h).toBe(true);
    expect(hostAllowed('blast.example.com', o)).toBe(false);
    expect(warning).toMatch(/BLAST_RADIUS_ALLOWED_HOSTS is not set and HOST=0\.0\.0\.0/);
    expect(warning).toMatch(/403/);
  });

  it('with a list: its names too, and no warning; HOST itself is always allowed', () => {
    const { options: o, warning } = options({ HOST: '192.168.1.5', BLAST_RADIUS_ALLOWED_HOSTS: 'blast.example.com' });
    expect(warning).toBeUndefined();
    for (const h of ['blast.example.com', '192.168.1.5:7700', '10.0.0.9']) expect(hostAllowed(h, o), h).toBe(true);
    expect(hostAllowed('other.example.com', o)).toBe(false);
  });
});

describe('the OIDC issuer', () => {
  it('is the one other origin the UI may connect to and frame (sign-in, silent renew)', () => {
    expect(options({ HOST: '127.0.0.1', BLAST_RADIUS_OIDC_ISSUER: 'http://127.0.0.1:9000/realms/x' }).options.extraOrigins).toEqual(['http://127.0.0.1:9000']);
    expect(options({ HOST: '127.0.0.1' }).options.extraOrigins).toEqual([]);
  });
});
