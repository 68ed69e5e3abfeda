/**
 * Counts the Backend API requests the stand-in answers, by method and path
 * with ids replaced by `:id` (`GET /v1/users/:id`): against Clerk each one is a
 * network round trip, so a test or a benchmark can count what a page costs.
 */
export interface BackendApiRequestCounts {
  total: number;
  byRoute: Record<string, number>;
}

/**
 * Clerk's ids: a prefix (`user`, `orgmem`, `csub_item`, `ak`), an underscore, then 16 or more base62 with a digit
 * or a capital (`user_2x…`), unlike route words (`organization_memberships`, `subscription_items`, `api_keys`).
 */
const CLERK_ID = /\/[a-z]+(?:_[a-z]+)*_(?=[A-Za-z0-9]*[A-Z0-9])[A-Za-z0-9]{16,}(?=\/|$)/g;

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
