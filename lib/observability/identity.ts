import { verifyToken } from '@clerk/backend';
import { env } from '@/lib/env/server';

/** Who made a request, as far as a report may say: Clerk ids only, never an email, a name or the token. */
export interface Identity {
  userId?: string;
  orgId?: string;
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return Array.isArray(value) ? value.join('; ') : (value ?? undefined);
};

/** The bearer token, else the session cookies (`__session`, and `__session_<suffix>` on development instances). */
function candidateTokens(headers: HeaderBag): string[] {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization') ?? '')?.[1];
  const cookies = (header(headers, 'cookie') ?? '')
    .split(';')
    .map((pair) => pair.trim().split('='))
    .filter(([name, value]) => name?.startsWith('__session') && value)
    .map(([, value]) => value!);
  return bearer ? [bearer] : cookies;
}

/**
 * The verified session's ids, for error reports made outside Clerk's `auth()` (Next's
 * `onRequestError` has only the request). Verified with CLERK_JWT_KEY, so no network call and
 * no id a caller made up; without the key, or without a valid token, no ids.
 */
export async function identityFromHeaders(headers: HeaderBag): Promise<Identity> {
  if (!env.CLERK_JWT_KEY) return {};
  for (const token of candidateTokens(headers)) {
    try {
      const claims = await verifyToken(token, {
        jwtKey: env.CLERK_JWT_KEY,
        authorizedParties: env.CLERK_AUTHORIZED_PARTIES?.split(',').map((origin) => origin.trim()),
      });
      const org = (claims as { o?: { id?: unknown } }).o?.id ?? claims.org_id;
      return { userId: claims.sub, orgId: typeof org === 'string' ? org : undefined };
    } catch {
      // Expired or not ours: try the next, else no ids.
    }
  }
  return {};
}
