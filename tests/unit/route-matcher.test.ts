import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { decideAccess } from '@/lib/auth/access';
import { createPathMatcher, normalizePath, patternToRegExp } from '@/lib/auth/route-matcher';
import { ADMIN_ROUTES, PUBLIC_ROUTES, orgPath, orgSectionOf } from '@/lib/auth/routes';

const member = { userId: 'user_1', sessionClaims: { metadata: { role: 'member' as const } } };

describe('route matcher', () => {
  it.each([
    ['/admin(.*)', '/admin', true],
    ['/admin(.*)', '/administrator', true],
    ['/admin(.*)', '/api/admin', false],
    ['/org/:slug', '/org/acme', true],
    ['/org/:slug', '/org/acme/', true],
    ['/org/:slug', '/org/acme/members', false],
    ['/org/:slug/settings', '/org/acme/settings', true],
    ['/', '/', true],
    ['/', '/x', false],
    ['/sign-in(.*)', '/sign-in/factor-one', true],
    ['/api/public/health', '/api/public/healthz', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(patternToRegExp(pattern).test(path)).toBe(expected);
  });

  it('treats regex characters in patterns literally', () => {
    expect(createPathMatcher(['/a.b'])('/axb')).toBe(false);
  });

  it.each([
    ['//admin', '/admin'],
    ['/%61dmin', '/admin'],
    ['/org//acme///settings', '/org/acme/settings'],
    ['/a%2Fb', '/a%2Fb'],
  ])('normalizes %s to %s like the router', (raw, normalized) => {
    expect(normalizePath(raw)).toBe(normalized);
  });

  it('returns null for malformed encoding', () => {
    expect(normalizePath('/%E0%A4%A')).toBeNull();
  });
});

describe('decideAccess against encoding tricks', () => {
  const request = (path: string) => new NextRequest(`http://localhost:3000${path}`);

  it.each(['//admin', '/%61dmin', '/ADMIN', '/admin/', '/api//admin/users'])('%s is still the admin area for a member', (path) => {
    const decision = decideAccess(request(path), member);
    expect(decision.kind === 'redirect' ? decision.to : decision.kind === 'json' ? String(decision.status) : 'allow').toMatch(
      /unauthorized|403/,
    );
  });

  it('rejects a malformed path with 400 before anything else', () => {
    expect(decideAccess(request('/%E0%A4%A'), { userId: null })).toMatchObject({ kind: 'json', status: 400 });
  });

  it('keeps every public route public and every admin route closed', () => {
    expect(createPathMatcher(PUBLIC_ROUTES)('/sign-up/verify-email-address')).toBe(true);
    expect(createPathMatcher(ADMIN_ROUTES)('/api/admin/users/user_1/role')).toBe(true);
    expect(orgSectionOf('/org/acme/settings/danger')).toBe('settings');
    expect(orgSectionOf('/org/acme/billing')).toBe('billing');
    expect(orgSectionOf('/org/acme')).toBeNull();
    expect(orgSectionOf('/org/acme/constructor')).toBeNull();
  });

  it('builds organization paths in one place', () => {
    expect(orgPath('acme')).toBe('/org/acme');
    expect(orgPath('acme', 'members')).toBe('/org/acme/members');
    expect(orgPath('a/b', 'billing')).toBe('/org/a%2Fb/billing');
  });
});
