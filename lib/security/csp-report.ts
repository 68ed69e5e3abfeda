import { z } from 'zod';
import { readBodyWithin } from './body';

/** A page with a broken policy reports every blocked load; a few KiB per report, batched by Chromium. */
export const MAX_CSP_REPORT_BYTES = 64 * 1024;
/** Reports logged per request at most: a batch cannot flood the logs. */
const MAX_LOGGED = 20;
export const CSP_REPORT_TYPES = ['application/csp-report', 'application/reports+json', 'application/json'] as const;

const text = z.string().max(2048).catch((ctx) => (typeof ctx.value === 'string' ? `${ctx.value.slice(0, 2048)}…` : '')).optional();

/** `report-uri` (Firefox, Safari): `{ "csp-report": { ... } }` with kebab-case fields. */
const legacyReport = z.object({
  'csp-report': z.object({
    'document-uri': text,
    'effective-directive': text,
    'violated-directive': text,
    'blocked-uri': text,
    'source-file': text,
    disposition: text,
  }),
});

/** Reporting API (`report-to`, Chromium): an array of `{ type: "csp-violation", body: { ... } }`. */
const reportingApiReports = z.array(
  z.object({
    type: z.string(),
    body: z
      .object({ documentURL: text, effectiveDirective: text, blockedURL: text, sourceFile: text, disposition: text })
      .optional(),
  }),
);

export interface CspViolation {
  document?: string;
  directive?: string;
  blocked?: string;
  source?: string;
  disposition?: string;
}

export type CspReportOutcome = { status: 204; violations: CspViolation[] } | { status: 400 | 413 | 415; error: string; message: string };

/** Parses either report format; anything else is a 400. Strings are capped, so a log line stays bounded. */
export function parseCspReport(json: unknown): CspViolation[] | null {
  const legacy = legacyReport.safeParse(json);
  if (legacy.success) {
    const report = legacy.data['csp-report'];
    return [
      {
        document: report['document-uri'],
        directive: report['effective-directive'] ?? report['violated-directive'],
        blocked: report['blocked-uri'],
        source: report['source-file'],
        disposition: report.disposition,
      },
    ];
  }
  const batch = reportingApiReports.safeParse(json);
  if (!batch.success) return null;
  return batch.data
    .filter((report) => report.type === 'csp-violation' && report.body)
    .map(({ body }) => ({ document: body!.documentURL, directive: body!.effectiveDirective, blocked: body!.blockedURL, source: body!.sourceFile, disposition: body!.disposition }));
}

/** Reads, bounds and parses a violation report, then logs it (one line per violation). */
export async function receiveCspReport(request: Request): Promise<CspReportOutcome> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!(CSP_REPORT_TYPES as readonly string[]).includes(type)) {
    return { status: 415, error: 'unsupported_media_type', message: `Send ${CSP_REPORT_TYPES.join(' or ')}.` };
  }
  const body = await readBodyWithin(request, MAX_CSP_REPORT_BYTES);
  if (!body.ok) return { status: 413, error: 'payload_too_large', message: `Reports are at most ${MAX_CSP_REPORT_BYTES} bytes.` };
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return { status: 400, error: 'invalid_request', message: 'The report is not JSON.' };
  }
  const violations = parseCspReport(json);
  if (!violations) return { status: 400, error: 'invalid_request', message: 'Not a CSP violation report.' };
  for (const violation of violations.slice(0, MAX_LOGGED)) console.warn('[csp] violation', JSON.stringify(violation));
  return { status: 204, violations };
}
