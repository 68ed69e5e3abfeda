import { z } from 'zod';
import { readBodyWithin } from './body';
import { logger } from '@/lib/log';

/** A page with a broken policy reports every blocked load; a few KiB per report, batched by Chromium. */
export const MAX_CSP_REPORT_BYTES = 64 * 1024;
/** Reports logged per request at most: a batch cannot flood the logs. */
const MAX_LOGGED = 20;
/** Violation lines per minute per instance at most (each at most ~10 KB): a flood cannot fill the logs either. */
export const CSP_LOG_LINES_PER_MINUTE = 30;
export const CSP_REPORT_TYPES = ['application/csp-report', 'application/reports+json', 'application/json'] as const;

const text = z
  .string()
  .max(2048)
  .catch((ctx) => (typeof ctx.value === 'string' ? `${ctx.value.slice(0, 2048)}…` : ''))
  .optional();

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
    body: z.object({ documentURL: text, effectiveDirective: text, blockedURL: text, sourceFile: text, disposition: text }).optional(),
  }),
);

export interface CspViolation {
  document?: string;
  directive?: string;
  blocked?: string;
  source?: string;
  disposition?: string;
}

export type CspReportOutcome =
  { status: 204; violations: CspViolation[] } | { status: 400 | 404 | 413 | 415; error: string; message: string };

/**
 * Whether the policy sends its reports to `path`, the path this request came in on (CSP_REPORT_URL names it). Otherwise the endpoint
 * answers 404: a public route that logs what anyone posts has no reason to exist when nothing reports to it.
 */
export function reportsHere(path: string, source: Record<string, string | undefined> = process.env): boolean {
  const reportUrl = source.CSP_REPORT_URL ?? '';
  return URL.canParse(reportUrl, 'http://app.invalid') && new URL(reportUrl, 'http://app.invalid').pathname === path;
}

/**
 * One line per violation, at most `perMinute` lines a minute; what is over is counted and
 * summed up in one line when the next minute begins.
 */
export function createViolationLog({
  perMinute = CSP_LOG_LINES_PER_MINUTE,
  now = Date.now,
  write = (...parts: string[]) => logger('csp').warn(parts.join(' ')),
} = {}) {
  let minuteStart = Number.NEGATIVE_INFINITY;
  let lines = 0;
  let dropped = 0;
  return (violation: CspViolation) => {
    const time = now();
    if (time - minuteStart >= 60_000) {
      if (dropped) write(`[csp] ${dropped} violations not logged (over ${perMinute} lines a minute)`);
      [minuteStart, lines, dropped] = [time, 0, 0];
    }
    if (lines < perMinute) {
      lines += 1;
      write('[csp] violation', JSON.stringify(violation));
    } else dropped += 1;
  };
}

const logViolation = createViolationLog();

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
    .map(({ body }) => ({
      document: body!.documentURL,
      directive: body!.effectiveDirective,
      blocked: body!.blockedURL,
      source: body!.sourceFile,
      disposition: body!.disposition,
    }));
}

/** Reads, bounds and parses a violation report, then logs it (one line per violation, within the log's budget). */
export async function receiveCspReport(request: Request, log = logViolation): Promise<CspReportOutcome> {
  if (!reportsHere(new URL(request.url).pathname))
    return { status: 404, error: 'not_found', message: 'CSP reports are not collected here (CSP_REPORT_URL).' };
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
  for (const violation of violations.slice(0, MAX_LOGGED)) log(violation);
  return { status: 204, violations };
}
