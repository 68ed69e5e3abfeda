import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiKeyOf } from '@/lib/auth/bearer';
import {
  ACTIONS,
  APP_ROLES,
  DEFAULT_KEY_SCOPES,
  KEY_SCOPES,
  ORG_ROLES,
  RESOURCES,
  allowedRoles,
  can,
  isSensitive,
  type Scope,
} from '@/lib/auth/permissions';

describe("the README's scopes table", () => {
  it('is the matrix: every scope a key may carry, the roles that may hold it, and those <APIKeys /> keys get', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const start = readme.indexOf('| scope | roles that may hold it | in `<APIKeys />` keys |');
    expect(start).toBeGreaterThan(-1);
    const rows = readme
      .slice(start)
      .split('\n')
      .slice(2)
      .filter((line, index, lines) => line.startsWith('|') && lines.slice(0, index).every((previous) => previous.startsWith('|')));
    const expected = KEY_SCOPES.map((scope) => {
      const [resource, action] = scope.split(':') as [never, never];
      return `| \`${scope}\` | ${allowedRoles(resource, action).join(', ')} | ${DEFAULT_KEY_SCOPES.includes(scope) ? 'yes ' : ''}|`;
    });
    expect(rows).toEqual(expected);
  });
});

describe('key scopes', () => {
  it('are the pairs some role may do, keys and app roles left out', () => {
    expect(KEY_SCOPES).toContain('projects:read');
    expect(KEY_SCOPES.some((scope) => scope.startsWith('api_keys:') || scope.startsWith('roles:'))).toBe(false);
    expect(KEY_SCOPES).not.toContain('members:create');
    expect(DEFAULT_KEY_SCOPES.every((scope) => scope.endsWith(':read'))).toBe(true);
  });

  it('property: a subject with scopes may do a pair only if the scopes name it and its roles allow it', () => {
    const role = fc.constantFrom(...APP_ROLES, null);
    const orgRole = fc.constantFrom(...ORG_ROLES, null);
    fc.assert(
      fc.property(
        role,
        orgRole,
        fc.subarray([...KEY_SCOPES]),
        fc.constantFrom(...RESOURCES),
        fc.constantFrom(...ACTIONS),
        (appRole, org, scopes, resource, action) => {
          const allowed = can({ role: appRole, orgRole: org, scopes }, resource, action);
          const pair = `${resource}:${action}` as Scope;
          if (allowed) {
            expect(scopes).toContain(pair);
            expect(can({ role: appRole, orgRole: org }, resource, action)).toBe(true);
          }
          // Scopes never add to the roles: no key does what its creator may not.
          if (!can({ role: appRole, orgRole: org }, resource, action)) expect(allowed).toBe(false);
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('an empty scope list allows nothing', () => {
    for (const resource of RESOURCES)
      for (const action of ACTIONS) expect(can({ role: 'admin', orgRole: 'org:admin', scopes: [] }, resource, action)).toBe(false);
  });
});

describe('sensitive actions (refused while impersonating)', () => {
  it('are role changes, deletions, billing and API keys', () => {
    expect(isSensitive('members', 'update')).toBe(true);
    expect(isSensitive('roles', 'update')).toBe(true);
    expect(isSensitive('projects', 'delete')).toBe(true);
    expect(isSensitive('organization', 'delete')).toBe(true);
    expect(isSensitive('billing', 'read')).toBe(true);
    expect(isSensitive('api_keys', 'create')).toBe(true);
    expect(isSensitive('projects', 'create')).toBe(false);
    expect(isSensitive('organization', 'update')).toBe(false);
  });
});

describe('apiKeyOf', () => {
  const headers = (authorization?: string) => new Headers(authorization === undefined ? {} : { authorization });
  it('tells an API key from anything else by its prefix, without verifying it', () => {
    expect(apiKeyOf(headers())).toBeNull();
    expect(apiKeyOf(headers('Bearer ak_abc'))).toBe('ak_abc');
    expect(apiKeyOf(headers('bearer ak_abc'))).toBe('ak_abc');
    expect(apiKeyOf(headers('Bearer eyJhbGciOi.x.y'))).toBeNull();
    expect(apiKeyOf(headers('Basic ak_abc'))).toBeNull();
    expect(apiKeyOf(headers('Bearer ak_abc extra'))).toBeNull();
  });
});
