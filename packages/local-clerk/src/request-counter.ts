/**
 * Counts the Backend API requests the stand-in answers, by method and path
 * with ids replaced by `:id` (`GET /v1/users/:id`): against Clerk each one is a
 * network round trip, so a test or a benchmark can count what a page costs.
 */
export interface BackendApiRequestCounts {
  total: number;
  byRoute: Record<string, number>;
}

/** Clerk's ids: a prefix, an underscore, then 16 or more base62 (`user_2x…`, `org_…`, `ak_…`); not path words like `api_keys`. */
const CLERK_ID = /\/[a-z]+_[A-Za-z0-9]{16,}(?=\/|$)/g;

export class RequestCounter {
  private total = 0;
  private readonly byRoute = new Map<string, number>();

  record(method: string, url: string) {
    const route = `${method} ${new URL(url, 'http://local-clerk.invalid').pathname.replace(CLERK_ID, '/:id')}`;
    this.total += 1;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  counts(): BackendApiRequestCounts {
    return { total: this.total, byRoute: Object.fromEntries(this.byRoute) };
  }
}
