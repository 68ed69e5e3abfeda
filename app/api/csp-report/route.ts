import { jsonError } from '@/lib/http/handler';
import { receiveCspReport } from '@/lib/security/csp-report';

/**
 * Content-Security-Policy violation reports (set CSP_REPORT_URL=/api/csp-report).
 * Public (browsers send no credentials) and rate-limited per address by the
 * middleware like every API; bodies are bounded and each violation is logged.
 */
export async function POST(request: Request): Promise<Response> {
  const outcome = await receiveCspReport(request);
  if (outcome.status === 204) return new Response(null, { status: 204 });
  return jsonError(outcome.status, outcome.error, outcome.message);
}
