import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CSP_REPORT_BYTES, createViolationLog, parseCspReport, receiveCspReport, reportsHere } from '@/lib/security/csp-report';

const post = (body: string, type = 'application/csp-report') =>
  new Request('http://localhost/api/csp-report', { method: 'POST', headers: { 'content-type': type }, body });

describe('CSP violation reports', () => {
  beforeEach(() => vi.stubEnv('CSP_REPORT_URL', '/api/csp-report'));
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('reads the report-uri format (application/csp-report) and logs one line per violation', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const outcome = await receiveCspReport(
      post(
        JSON.stringify({
          'csp-report': { 'document-uri': 'https://app.test/', 'violated-directive': 'img-src', 'blocked-uri': 'https://evil.test/x.png' },
        }),
      ),
    );
    expect(outcome).toEqual({
      status: 204,
      violations: [{ document: 'https://app.test/', directive: 'img-src', blocked: 'https://evil.test/x.png' }],
    });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('reads the Reporting API format (application/reports+json) and keeps only CSP violations', () => {
    const violations = parseCspReport([
      {
        type: 'csp-violation',
        body: { documentURL: 'https://app.test/', effectiveDirective: 'script-src-elem', blockedURL: 'inline', disposition: 'enforce' },
      },
      { type: 'deprecation', body: { id: 'x' } },
    ]);
    expect(violations).toEqual([
      { document: 'https://app.test/', directive: 'script-src-elem', blocked: 'inline', disposition: 'enforce' },
    ]);
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

  it('answers 404 unless the policy reports here', async () => {
    vi.stubEnv('CSP_REPORT_URL', '');
    expect((await receiveCspReport(post('{}'))).status).toBe(404);
    expect(reportsHere('/api/csp-report', { CSP_REPORT_URL: 'https://collector.example.com/csp' })).toBe(false);
    expect(reportsHere('/api/csp-report', { CSP_REPORT_URL: '/api/csp-report' })).toBe(true);
    expect(reportsHere('/api/csp-report', { CSP_REPORT_URL: 'https://app.example.com/api/csp-report' })).toBe(true);
  });

  it('logs at most its budget of lines a minute, then one line counting the rest', () => {
    let now = 0;
    const lines: string[] = [];
    const log = createViolationLog({ perMinute: 3, now: () => now, write: (...parts: string[]) => lines.push(parts.join(' ')) });
    for (let i = 0; i < 10; i += 1) log({ blocked: `b${i}` });
    expect(lines).toHaveLength(3);
    now = 60_000;
    log({ blocked: 'next minute' });
    expect(lines.slice(3)).toEqual(['[csp] 7 violations not logged (over 3 lines a minute)', '[csp] violation {"blocked":"next minute"}']);
  });
});
