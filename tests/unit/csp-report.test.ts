import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CSP_REPORT_BYTES, parseCspReport, receiveCspReport } from '@/lib/security/csp-report';

const post = (body: string, type = 'application/csp-report') =>
  new Request('http://localhost/api/csp-report', { method: 'POST', headers: { 'content-type': type }, body });

describe('CSP violation reports', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the report-uri format (application/csp-report) and logs one line per violation', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const outcome = await receiveCspReport(
      post(JSON.stringify({ 'csp-report': { 'document-uri': 'https://app.test/', 'violated-directive': 'img-src', 'blocked-uri': 'https://evil.test/x.png' } })),
    );
    expect(outcome).toEqual({ status: 204, violations: [{ document: 'https://app.test/', directive: 'img-src', blocked: 'https://evil.test/x.png' }] });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('reads the Reporting API format (application/reports+json) and keeps only CSP violations', () => {
    const violations = parseCspReport([
      { type: 'csp-violation', body: { documentURL: 'https://app.test/', effectiveDirective: 'script-src-elem', blockedURL: 'inline', disposition: 'enforce' } },
      { type: 'deprecation', body: { id: 'x' } },
    ]);
    expect(violations).toEqual([{ document: 'https://app.test/', directive: 'script-src-elem', blocked: 'inline', disposition: 'enforce' }]);
  });

  it('caps long strings and ignores wrong types instead of failing', () => {
    const [violation] = parseCspReport({ 'csp-report': { 'document-uri': 'x'.repeat(10_000), 'blocked-uri': 42 } })!;
    expect(violation!.document!.length).toBeLessThanOrEqual(2049);
    expect(violation!.blocked).toBe('');
  });

  it('refuses other media types (415), bodies over the bound (413), and non-reports (400)', async () => {
    expect((await receiveCspReport(post('{}', 'text/plain'))).status).toBe(415);
    expect((await receiveCspReport(post('x'.repeat(MAX_CSP_REPORT_BYTES + 1)))).status).toBe(413);
    expect((await receiveCspReport(post('{"csp-report": '))).status).toBe(400);
    expect((await receiveCspReport(post('{"__proto__": {"x": 1}}'))).status).toBe(400);
  });
});
