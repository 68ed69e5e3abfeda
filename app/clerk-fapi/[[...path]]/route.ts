import { proxyToLocalFrontendApi } from '@saas-starter/local-clerk/proxy';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const forward = (request: Request) => proxyToLocalFrontendApi(request);

export { forward as GET, forward as HEAD, forward as POST, forward as PUT, forward as PATCH, forward as DELETE, forward as OPTIONS };
