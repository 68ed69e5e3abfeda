/**
 * The Account Portal: the sign-in, sign-up, user profile and create-organization pages
 * Clerk hosts for an instance (`accounts.<domain>`), for apps with no such page of their
 * own. The environment names them (display_config's `sign_in_url`, ...) for every path the
 * instance leaves `null`, so `<SignInButton>` and `redirectToSignIn()` land here.
 *
 * Each is a plain HTML page on the Frontend API's host that loads the stand-in's clerk-js
 * and `@clerk/ui` and mounts Clerk's own component. The browser's client is the one the
 * app's clerk-js has: the Frontend API's cookie, shared with the app on `localhost` (a
 * cookie ignores the port, as Clerk's production cookies are shared by the app's
 * subdomains), or the dev browser that clerk-js passes along in the URL on a development
 * instance (`__clerk_db_jwt`, which clerk-js on this page reads and keeps). Signed in, the
 * component sends the browser back to the app's `redirect_url` when it is one of the
 * instance's app origins (`allowedRedirectOrigins`), else to the app's after-sign-in page.
 */
import { frontendApiHostOf } from '../keys';
import { ACCOUNT_PORTAL_PATHS, type AccountPortalPage } from '../instance';
import type { JsonResponse } from '../http';
import { FapiRoutes, type FapiContext } from './context';
import { escapeHtml, HTML } from './oauth';

/** Each page: its title, the Clerk method that mounts its component, and the component's props for the app to return to. */
const PAGES: Record<AccountPortalPage, { title: string; mount: string; returnTo: (url: string) => Record<string, string> }> = {
  signIn: { title: 'Sign in', mount: 'mountSignIn', returnTo: (url) => ({ fallbackRedirectUrl: url }) },
  signUp: { title: 'Sign up', mount: 'mountSignUp', returnTo: (url) => ({ fallbackRedirectUrl: url }) },
  userProfile: { title: 'Account', mount: 'mountUserProfile', returnTo: () => ({}) },
  createOrganization: {
    title: 'Create organization',
    mount: 'mountCreateOrganization',
    returnTo: (url) => ({ afterCreateOrganizationUrl: url }),
  },
};

/** The Account Portal's paths, which the dev browser check leaves to clerk-js on the page. */
export const isHostedPage = (pathname: string) =>
  (Object.values(ACCOUNT_PORTAL_PATHS) as string[]).includes(pathname.replace(/(.)\/$/, '$1'));

/** `redirect_url`, when it leads to one of the instance's app origins; otherwise none (Clerk's components then use the after-auth URL). */
function allowedRedirect(ctx: FapiContext): string | null {
  const value = ctx.url.searchParams.get('redirect_url');
  if (!value) return null;
  try {
    const url = new URL(value);
    return ctx.allowedOrigins.includes(url.origin) ? url.toString() : null;
  } catch {
    return null;
  }
}

/** JSON inside a `<script>` element: `<` escaped, so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

function hostedPage(ctx: FapiContext, page: AccountPortalPage): JsonResponse {
  const { store, keys } = ctx.deps;
  const { title, mount, returnTo } = PAGES[page];
  const fapi = ctx.frontendApiUrl;
  // Reached at the key's own host (the browser routes it), clerk-js finds the Frontend API there; anywhere else it is a proxy URL.
  const proxied = fapi !== `https://${frontendApiHostOf(keys.publishableKey)}`;
  const redirectUrl = allowedRedirect(ctx);
  const config = {
    mount,
    // Hash routing: the component's steps stay on this one page.
    props: { routing: 'hash', ...(redirectUrl && returnTo(redirectUrl)) },
    redirectUrl,
    homeUrl: new URL(store.instance.config.paths.home, ctx.origin).toString(),
    allowedRedirectOrigins: ctx.allowedOrigins,
    signedInOnly: page === 'userProfile' || page === 'createOrganization',
  };
  const attributes = [
    `src="${escapeHtml(`${fapi}/npm/clerk.browser.js`)}"`,
    `data-clerk-publishable-key="${escapeHtml(keys.publishableKey)}"`,
    ...(proxied ? [`data-clerk-proxy-url="${escapeHtml(fapi)}"`] : []),
  ];
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} · ${store.instance.config.applicationName}`)}</title>
<style>body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:1rem;font-family:system-ui,sans-serif;background:#f7f7f8}</style>
</head>
<body>
<div id="clerk-component"></div>
<a id="back-to-app" href="${escapeHtml(redirectUrl ?? config.homeUrl)}">Back to ${escapeHtml(store.instance.config.applicationName)}</a>
<script type="application/json" id="account-portal">${scriptJson(config)}</script>
<script src="${escapeHtml(`${fapi}/npm/ui.browser.js`)}" defer></script>
<script ${attributes.join(' ')} defer></script>
<script type="module">
const config = JSON.parse(document.getElementById('account-portal').textContent);
const clerk = window.Clerk;
await clerk.load({ ui: { ClerkUI: window.__internal_ClerkUICtor }, allowedRedirectOrigins: config.allowedRedirectOrigins });
if (config.signedInOnly && !clerk.isSignedIn) {
  await clerk.redirectToSignIn({ signInForceRedirectUrl: window.location.href });
} else {
  clerk[config.mount](document.getElementById('clerk-component'), config.props);
}
</script>
</body></html>`;
  // A sign-in page is not to be framed by another page (clickjacking).
  return { status: 200, body, contentType: HTML, headers: { 'Content-Security-Policy': "frame-ancestors 'none'" } };
}

/** The paths of ACCOUNT_PORTAL_PATHS, written out so a search for one finds its route. */
export const hostedPageRoutes = new FapiRoutes('fapi/hosted-pages.ts')
  .on('GET', '/sign-in', (ctx) => hostedPage(ctx, 'signIn'))
  .on('GET', '/sign-up', (ctx) => hostedPage(ctx, 'signUp'))
  .on('GET', '/user', (ctx) => hostedPage(ctx, 'userProfile'))
  .on('GET', '/create-organization', (ctx) => hostedPage(ctx, 'createOrganization'));
