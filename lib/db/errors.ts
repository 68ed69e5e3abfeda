/**
 * Turns a failed connection into one line naming DATABASE_URL, what failed and
 * the fix. Drivers report the same faults in different wrappers (Drizzle's
 * DrizzleQueryError, Node's AggregateError for multi-address hosts), so the
 * cause chain is searched for the first code or message that says what happened.
 */

/** A database fault the user fixes in configuration; the launcher prints its message without a stack. */
export class DatabaseSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseSetupError';
  }
}

type Fault = { code?: string; message: string };

/** The error, its causes and (for AggregateError) its parts, outermost first. */
function faults(error: unknown, depth = 0): Fault[] {
  if (!(error instanceof Error) || depth > 5) return [];
  const own: Fault = { code: (error as NodeJS.ErrnoException).code, message: error.message };
  const parts = error instanceof AggregateError ? error.errors.flatMap((part) => faults(part, depth + 1)) : [];
  return [own, ...parts, ...faults(error.cause, depth + 1)];
}

/** host:port/database of the URL, never its password. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What went wrong and how to fix it, or null when the error is not a connection fault. */
function explain({ code, message }: Fault, url: string): [failed: string, fix: string] | null {
  const target = describeTarget(url);
  const host = target.split(':')[0];
  const database = target.split('/')[1] || 'postgres';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return [`the host ${host} cannot be found (DNS)`, 'check the host name in the connection string (copy it again from your provider)'];
  }
  if (code === 'ECONNREFUSED') {
    return [
      `nothing accepts connections at ${target.split('/')[0]}`,
      'start Postgres, or check the host and port in the connection string',
    ];
  }
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /connection timeout/i.test(message)) {
    return [
      `${host} does not answer (timed out or unreachable)`,
      'check the host, and that this machine may reach it (firewall, IP allow list, VPN)',
    ];
  }
  if (code === '28P01') {
    return [
      `the server refused the password for this user`,
      'copy the connection string again (passwords are reset by some providers), and URL-encode special characters in the password',
    ];
  }
  if (code === '3D000') {
    return [
      `the database "${database}" does not exist on ${host}`,
      `create it (createdb ${database}, or your provider's console), or correct the database name after the last / of the URL`,
    ];
  }
  if (/does not support SSL/i.test(message)) {
    return [
      `the URL asks for SSL but ${host} does not offer it`,
      'remove sslmode=require from the URL for a local server, or enable SSL on the server',
    ];
  }
  if (
    (code === '28000' && /no encryption|SSL off/i.test(message)) ||
    /sslmode=require|SSL.*required|requires? (SSL|encryption)/i.test(message)
  ) {
    return [`${host} accepts only SSL connections`, 'add ?sslmode=require to the URL'];
  }
  if (code && CERTIFICATE_CODES.has(code)) {
    return [
      `the server's SSL certificate was not accepted (${code})`,
      "use your provider's connection string as given (its sslmode), or trust the provider's CA",
    ];
  }
  if (code === '28000') {
    return [`the server refused this user (${message})`, 'check the user name in the URL and that it may connect to this database'];
  }
  if (code === '53300') {
    return ['the server has no free connection slots', "close idle clients, or use your provider's pooled connection string"];
  }
  if (code === '57P03') {
    return [`${host} is starting up or shutting down`, 'retry in a moment'];
  }
  return null;
}

/**
 * A DatabaseSetupError with one line for a connection fault (the original error
 * kept as its cause); any other error unchanged.
 */
export function explainDatabaseError(error: unknown, url: string): unknown {
  for (const fault of faults(error)) {
    const explained = explain(fault, url);
    if (explained) {
      const [failed, fix] = explained;
      return new DatabaseSetupError(`DATABASE_URL (${describeTarget(url)}): ${failed}. Fix: ${fix}`, { cause: error });
    }
  }
  return error;
}
