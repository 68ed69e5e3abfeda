import { createFrontendApiProxy } from '@saas-starter/local-clerk/proxy';
import { LOCAL_FAPI_PATH } from '@/lib/auth/routes';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Local mode's Frontend API on the app's own origin; 404 unless the launcher started the stand-in. */
const forward = createFrontendApiProxy({
  mountPath: LOCAL_FAPI_PATH,
  upstream: () => (process.env.CLERK_LOCAL_MODE === '1' ? process.env.CLERK_LOCAL_FAPI_URL : undefined),
});

export { forward as GET, forward as HEAD, forward as POST, forward as PUT, forward as PATCH, forward as DELETE, forward as OPTIONS };
