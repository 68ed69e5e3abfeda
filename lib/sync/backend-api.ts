/**
 * The few Backend API reads the backfill makes, as plain `GET`s: @clerk/backend
 * 3.25 pairs every `getUserList` page with a `/users/count` call (twice the
 * requests) and has no instance-wide subscription item list. Clerk's JSON is
 * the same as its webhooks' `data`, so the webhook's mappers read it.
 *
 * Clerk rate-limits the Backend API per instance (100 requests per 10 s for a
 * development instance, 1,000 for production: docs/webhooks.md#backfill) and
 * answers `429` with `Retry-After` in seconds: the client waits that long and
 * asks again. A request that got no answer at all (a connection reset, e.g. a
 * kept-alive connection the server closed as it was reused) is sent again too,
 * a few times: these are reads, safe to repeat.
 */

/** The Backend API version whose paging this follows (`starting_after` on users): the one @clerk/backend 3.25 sends. */
const CLERK_API_VERSION = '2026-05-12';

/** Requests without an answer (the connection failed) sent again before giving up, a second apart. */
const CONNECTION_RETRIES = 3;

/** Query parameters; a list is sent repeated (`user_id=a&user_id=b`), as @clerk/backend sends it. */
export type Query = Record<string, string | number | boolean | string[] | undefined>;

export interface BackendApiOptions {
  secretKey: string;
  /** Clerk's `https://api.clerk.com`, or local mode's stand-in. */
  apiUrl?: string;
  /** 429s answered in a row before giving up. */
  maxWaits?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A refusal from Clerk, with its status and first error code. */
export class ClerkRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ClerkRequestError';
  }
}

/** `Retry-After`: seconds, or an HTTP date; missing or unreadable, a second. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header && /^\d+$/.test(header.trim())) return Number(header) * 1000;
  const date = header ? Date.parse(header) : NaN;
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

export class BackendApi {
  /** Requests sent, 429s included. */
  calls = 0;
  /** 429s answered (each waited out). */
  rateLimited = 0;
  private readonly base: string;

  constructor(private readonly options: BackendApiOptions) {
    this.base = (options.apiUrl ?? 'https://api.clerk.com').replace(/\/+$/, '');
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const url = new URL(`${this.base}/v1${path}`);
    for (const [name, value] of Object.entries(query)) {
      for (const item of [value ?? []].flat()) url.searchParams.append(name, String(item));
    }
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let waits = 0, failures = 0; ;) {
      this.calls++;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { authorization: `Bearer ${this.options.secretKey}`, 'clerk-api-version': CLERK_API_VERSION },
        });
      } catch (error) {
        if (++failures > CONNECTION_RETRIES) throw error;
        await sleep(1000);
        continue;
      }
      const body = (await response.json().catch(() => null)) as { errors?: Array<{ code?: string; long_message?: string }> } | null;
      if (response.ok) return body as T;
      if (response.status === 429 && waits++ < (this.options.maxWaits ?? 10)) {
        this.rateLimited++;
        await sleep(retryAfterMs(response.headers.get('retry-after')));
        continue;
      }
      const error = body?.errors?.[0];
      throw new ClerkRequestError(
        response.status,
        error?.code,
        `GET ${url.pathname} answered ${response.status}${error ? `: ${error.code} (${error.long_message})` : ''}`,
      );
    }
  }
}
