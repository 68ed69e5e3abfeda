import { HttpError } from '@/lib/http/handler';

/**
 * Anything outside the caller's organization is "not found": a 403 would
 * confirm that the id exists somewhere else.
 */
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found.`);

/** A Postgres foreign-key violation here means the organization or user row has not arrived from Clerk's webhook yet. */
export function rethrowUnsynced(error: unknown): never {
  const code = (error as { cause?: { code?: string } } | null)?.cause?.code;
  if (code === '23503') {
    throw new HttpError(409, 'not_synced', 'Your organization or account is still being set up. Try again in a moment.');
  }
  throw error;
}
