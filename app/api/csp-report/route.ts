import { jsonError } from '@/lib/http/handler';
import { receiveCspReport } from '@/lib/security/csp-report';

/**
 * Content-Security-Policy violation reports (set CSP_REPORT_URL=/api/csp-report; 404 otherwise).
 * Public (browsers send no credentials) and rate-limited by the middleware like every API;
 * bodies are bounded and violations logged within a per-minute budget (docs/security.md).
 */
export async function POST(request: Request): Promise<Response> {
  const outcome = await receiveCspReport(request);
  if (outcome.status === 204) return new Response(null, { status: 204 });
  return jsonError(outcome.status, outcome.error, outcome.message);
}
