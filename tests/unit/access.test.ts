import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { decideAccess, type EdgeAuthState } from '@/lib/auth/access';
import { safeReturnPath } from '@/lib/auth/routes';

/** A browser's page load, unless told otherwise. */
const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(new URL(path, 'http://localhost:3000'), {
    ...init,
    headers: { 'Sec-Fetch-Dest': 'document', Accept: 'text/html,application/xhtml+xml', ...init.headers },
  });
/** What reaches the middleware when Next's client router fetches a page (a soft navigation, a prefetch); Next strips its `RSC` header. */
const routerFetch = (path: string) => request(path, { headers: { 'Sec-Fetch-Dest': 'empty', Accept: '*/*' } });
const signedOut: EdgeAuthState = { userId: null };
const user = (role: string | null, org?: { slug: string; role: string }): EdgeAuthState => ({
  userId: 'user_1',
  sessionClaims: (role ? { metadata: { role } } : {}) as CustomJwtSessionClaims,
  orgId: org ? `org_${org.slug}` : null,
  orgSlug: org?.slug ?? null,
  orgRole: org?.role ?? null,
});
const acmeAdmin = { slug: 'acme', role: 'org:admin' };
const acmeMember = { slug: 'acme', role: 'org:member' };

const allow = { kind: 'allow' };
const unauthorizedPage = { kind: 'redirect', to: '/unauthorized' };
/** /select-org names why: the /org/ page that was refused. */
const selectOrg = (slug: string) => ({ kind: 'redirect', to: `/select-org?reason=not-a-member&slug=${slug}` });
const forbiddenJson = expect.objectContaining({ kind: 'json', status: 403, error: 'forbidden' });
const unauthenticatedJson = expect.objectContaining({ kind: 'json', status: 401, error: 'unauthenticated' });

describe('decideAccess', () => {
  describe('public routes', () => {
    it.each([
      '/',
      '/sign-in',
      '/sign-in/factor-one',
      '/sign-up',
      '/unauthorized',
      '/api/public/health',
      '/api/webhooks/clerk',
      // What browsers and crawlers fetch on their own.
      '/favicon.ico',
      '/icon.svg',
      '/apple-icon.png',
      '/manifest.webmanifest',
      '/robots.txt',
      '/sitemap.xml',
      '/opengraph-image',
      '/twitter-image',
    ])('%s is open signed out', (path) => expect(decideAccess(request(path), signedOut)).toEqual(allow));
  });

  describe('signed out', () => {
    it('a page redirects to sign-in with the path and query as a same-origin return URL', () => {
      expect(decideAccess(request('/dashboard?tab=a&b=1'), signedOut)).toEqual({
        kind: 'redirect',
        to: '/sign-in?redirect_url=%2Fdashboard%3Ftab%3Da%26b%3D1',
      });
    });
    it('a protocol-relative looking path never becomes the return URL', () => {
      expect(decideAccess(request('http://localhost:3000//evil.test/x'), signedOut)).toEqual({
        kind: 'redirect',
        to: '/sign-in?redirect_url=%2Fdashboard',
      });
    });
    it.each(['/api/me', '/api/admin/users/user_1/role', '/api/projects'])('API %s answers 401 JSON', (path) => {
      expect(decideAccess(request(path), signedOut)).toEqual(unauthenticatedJson);
    });
    it.each(['/admin', '/org/acme', '/org/acme/settings'])('protected page %s redirects to sign-in', (path) => {
      expect(decideAccess(request(path), signedOut)).toMatchObject({
        kind: 'redirect',
        to: `/sign-in?redirect_url=${encodeURIComponent(path)}`,
      });
    });
  });

  describe('signed in, no special route', () => {
    it.each(['/dashboard', '/user-profile', '/api/me', '/api/projects'])('%s is allowed for any role, even none', (path) => {
      expect(decideAccess(request(path), user(null))).toEqual(allow);
    });
  });

  describe('admin routes need the app role admin', () => {
    it.each(['/admin', '/admin/users', '/api/admin/users/user_2/role'])('%s is allowed for admin', (path) => {
      expect(decideAccess(request(path), user('admin'))).toEqual(allow);
    });
    it.each([['manager'], ['member'], [null], ['owner']])('pages redirect %s to /unauthorized', (role) => {
      expect(decideAccess(request('/admin'), user(role))).toEqual(unauthorizedPage);
    });
    it.each([['manager'], ['member'], [null]])('APIs answer %s with 403 JSON', (role) => {
      expect(decideAccess(request('/api/admin/users/user_2/role'), user(role))).toEqual(forbiddenJson);
    });
    it('an org admin is not an app admin', () => {
      expect(decideAccess(request('/admin'), user('member', acmeAdmin))).toEqual(unauthorizedPage);
    });
  });

  describe('organization routes', () => {
    it('need an active organization', () => {
      expect(decideAccess(request('/org/acme'), user('admin'))).toEqual(selectOrg('acme'));
      expect(decideAccess(request('/org/acme/projects'), user('member'))).toEqual(selectOrg('acme'));
    });
    it('are allowed for members of the active organization', () => {
      expect(decideAccess(request('/org/acme'), user('member', acmeMember))).toEqual(allow);
      expect(decideAccess(request('/org/acme/projects/1'), user('member', acmeMember))).toEqual(allow);
    });
    it("send to /select-org when the active organization is another one (Clerk could not activate the URL's)", () => {
      expect(decideAccess(request('/org/globex'), user('admin', acmeAdmin))).toEqual(selectOrg('globex'));
      expect(decideAccess(request('/org/globex/settings'), user('member', acmeAdmin))).toEqual(selectOrg('globex'));
      expect(decideAccess(request('/org/acme%2F'), user('member', acmeAdmin))).toEqual(selectOrg('acme%252F'));
    });
    // Clerk activates the URL's organization through a handshake redirect, on page loads only: a router
    // fetch (the one <SignIn> makes to return to a deep link) is loaded as a document, where it can.
    it.each(['/org/acme/members', '/org/acme'])('a router fetch of %s that Clerk could not sync loads it as a document', (path) => {
      const loadAsDocument = { kind: 'load-as-document' };
      expect(decideAccess(routerFetch(path), user('member'))).toEqual(loadAsDocument);
      expect(decideAccess(routerFetch(path), user('member', { slug: 'globex', role: 'org:admin' }))).toEqual(loadAsDocument);
      // Without Sec-Fetch-Dest (older browsers) Clerk goes by Accept, and so does the app.
      expect(decideAccess(request(path, { headers: { 'Sec-Fetch-Dest': '', Accept: '*/*' } }), user('member'))).toEqual(loadAsDocument);
      expect(decideAccess(request(path, { headers: { 'Sec-Fetch-Dest': '' } }), user('member'))).toEqual(selectOrg('acme'));
    });
    it('a page load, an iframe, a server action and a router fetch of the active organization are decided as before', () => {
      expect(decideAccess(request('/org/acme/members'), user('member'))).toEqual(selectOrg('acme'));
      expect(decideAccess(request('/org/acme', { headers: { 'Sec-Fetch-Dest': 'iframe' } }), user('member'))).toEqual(selectOrg('acme'));
      const action = request('/org/acme', {
        method: 'POST',
        headers: { 'Sec-Fetch-Dest': 'empty', Accept: 'text/x-component', 'Next-Action': 'x' },
      });
      expect(decideAccess(action, user('member'))).toEqual(selectOrg('acme'));
      // Another tab's organization is active: the action itself refuses (409 organization_changed) and the page retries.
      expect(decideAccess(action, user('member', { slug: 'globex', role: 'org:member' }))).toEqual(allow);
      expect(decideAccess(request('/org/acme', { method: 'POST' }), user('member', { slug: 'globex', role: 'org:member' }))).toEqual(
        selectOrg('acme'),
      );
      expect(decideAccess(routerFetch('/org/acme/members'), user('member', acmeMember))).toEqual(allow);
      expect(decideAccess(routerFetch('/org/acme/settings'), user('member', acmeMember))).toEqual(unauthorizedPage);
    });
  });

  describe('organization settings need org:admin', () => {
    it.each(['/org/acme/settings', '/org/acme/settings/members'])('%s is allowed for org:admin', (path) => {
      expect(decideAccess(request(path), user('member', acmeAdmin))).toEqual(allow);
    });
    it('redirects org:member, whatever the app role, to /unauthorized', () => {
      expect(decideAccess(request('/org/acme/settings'), user('admin', acmeMember))).toEqual(unauthorizedPage);
      expect(decideAccess(request('/org/acme/settings/members'), user('member', acmeMember))).toEqual(unauthorizedPage);
    });
    it('without an active organization goes to /select-org first', () => {
      expect(decideAccess(request('/org/acme/settings'), user('admin'))).toEqual(selectOrg('acme'));
    });
  });
});

describe('decideAccess for a session token that expired while the tab slept (tokens live 60 s)', () => {
  const withCookie = (original: Request, cookie: string) =>
    new NextRequest(original.url, { method: original.method, headers: { ...Object.fromEntries(original.headers), cookie } });

  it("a router fetch of a browser whose Clerk client is signed in loads as a document, where Clerk's handshake refreshes it", () => {
    expect(decideAccess(withCookie(routerFetch('/dashboard'), '__client_uat=1733300000'), signedOut)).toEqual({
      kind: 'load-as-document',
    });
    expect(decideAccess(withCookie(routerFetch('/dashboard'), '__client_uat_Xy12=1733300000'), signedOut)).toEqual({
      kind: 'load-as-document',
    });
  });

  it('a signed-out client (no cookie, or 0) and a page load still go to sign-in', () => {
    const toSignIn = { kind: 'redirect', to: '/sign-in?redirect_url=%2Fdashboard' };
    expect(decideAccess(routerFetch('/dashboard'), signedOut)).toEqual(toSignIn);
    expect(decideAccess(withCookie(routerFetch('/dashboard'), '__client_uat=0'), signedOut)).toEqual(toSignIn);
    expect(decideAccess(withCookie(request('/dashboard'), '__client_uat=1733300000'), signedOut)).toEqual(toSignIn);
  });
});

describe('decideAccess for a pending session (a session task to finish)', () => {
  const pending = (org?: { slug: string; role: string }): EdgeAuthState => ({ ...user('member', org), sessionStatus: 'pending' });

  it.each(['/dashboard', '/org/acme/members', '/admin', '/select-org?reason=no-active-organization'])(
    'a page (%s) goes to the task page, which returns to it',
    (path) => {
      expect(decideAccess(request(path), pending(acmeMember))).toEqual({
        kind: 'redirect',
        to: `/tasks?redirect_url=${encodeURIComponent(path)}`,
      });
    },
  );

  it('a router fetch goes there too (a redirect Next follows), never to sign-in', () => {
    expect(decideAccess(routerFetch('/dashboard'), pending())).toEqual({ kind: 'redirect', to: '/tasks?redirect_url=%2Fdashboard' });
  });

  it('an API answers 403 JSON naming the error and the task page, not a bare 401', () => {
    expect(decideAccess(request('/api/projects'), pending(acmeAdmin))).toEqual({
      kind: 'json',
      status: 403,
      error: 'session_task_pending',
      message: expect.stringContaining('task'),
      tasksUrl: '/tasks',
    });
  });

  it.each(['/tasks', '/tasks/choose-organization', '/tasks/reset-password?redirect_url=%2Fdashboard'])('%s is open to it', (path) => {
    expect(decideAccess(request(path), pending())).toEqual(allow);
  });

  it('public pages stay open (sign-in shows the task in its own flow)', () => {
    expect(decideAccess(request('/sign-in/tasks/choose-organization'), pending())).toEqual(allow);
    expect(decideAccess(request('/'), pending())).toEqual(allow);
  });

  it('the task page needs a session: signed out, it goes to sign-in and back', () => {
    expect(decideAccess(request('/tasks/setup-mfa'), signedOut)).toEqual({
      kind: 'redirect',
      to: '/sign-in?redirect_url=%2Ftasks%2Fsetup-mfa',
    });
  });

  it('an active session is decided as before, also on the task page (which sends it on)', () => {
    expect(decideAccess(request('/dashboard'), { ...user('member'), sessionStatus: 'active' })).toEqual(allow);
    expect(decideAccess(request('/tasks'), { ...user('member'), sessionStatus: 'active' })).toEqual(allow);
  });
});

describe('safeReturnPath', () => {
  it('ignores a repeated redirect_url (an array) instead of throwing', () => {
    expect(safeReturnPath(['/a', '/b'])).toBe('/dashboard');
  });

  it.each([
    ['/dashboard', '/dashboard'],
    ['/org/acme/projects?tab=1#top', '/org/acme/projects?tab=1#top'],
    ['/a/../b', '/b'],
    ['/%2F%2Fevil.test', '/%2F%2Fevil.test'],
    ['/%5Cevil.test', '/%5Cevil.test'],
  ])('keeps the same-origin path %j', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([
    '//evil.test',
    '//evil.test/path',
    '/\\evil.test',
    '/\\/evil.test',
    'https://evil.test',
    'HTTPS://evil.test/x',
    'javascript:alert(1)',
    'evil.test',
    '%2F%2Fevil.test',
    '%2f%2fevil.test',
    '/\t/evil.test',
    '/\n/evil.test',
    '/../evil.test/..//evil.test',
    '/..//evil.test',
    '/.//evil.test',
    '/%2e%2e//evil.test',
    '/./\\evil.test',
    '',
    null,
    undefined,
  ])('drops %j', (value) => {
    const result = safeReturnPath(value, '/fallback');
    expect(result).toBe('/fallback');
  });

  it('never returns something a browser would read as another origin', () => {
    const attacks = ['/..//evil.test', '/a/../..//evil.test', '/.\\/evil.test', '/%2e//evil.test'];
    for (const attack of attacks) {
      const result = safeReturnPath(attack);
      expect(new URL(result, 'http://app.test').origin, attack).toBe('http://app.test');
    }
  });
});

describe('API keys at the edge', () => {
  it('lets a request bearing an API key through to the route handler, which verifies it; a page is still a sign-in', () => {
    const withKey = { headers: { authorization: 'Bearer ak_abcdefghijklmnop1234' } };
    expect(decideAccess(request('/api/projects', withKey), signedOut)).toEqual(allow);
    expect(decideAccess(request('/api/projects', { headers: { authorization: 'Bearer not-a-key' } }), signedOut)).toEqual(
      unauthenticatedJson,
    );
    expect(decideAccess(request('/dashboard', withKey), signedOut)).toMatchObject({ kind: 'redirect' });
  });
});
