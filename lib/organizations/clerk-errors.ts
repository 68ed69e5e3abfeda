import 'server-only';
import { isClerkAPIResponseError } from '@clerk/nextjs/errors';
import { HttpError } from '@/lib/http/handler';

const CONFLICT_CODES = new Set(['duplicate_record', 'already_a_member_in_organization', 'form_identifier_exists']);
const REQUEST_ERROR_STATUSES: ReadonlyMap<number, number> = new Map([
  [400, 400],
  [403, 403],
  [404, 404],
  [409, 409],
  [422, 400],
]);

/**
 * Clerk's answers that are about the request (a taken slug, a duplicate
 * invitation, an unknown member) become HttpErrors whose message a form can
 * show; anything else (bad keys, Clerk unreachable) stays a server error.
 */
export function rethrowClerkError(error: unknown): never {
  if (!isClerkAPIResponseError(error)) throw error;
  const status = REQUEST_ERROR_STATUSES.get(error.status);
  if (!status) throw error;
  const [first] = error.errors;
  const code = first?.code ?? 'invalid_request';
  if (code === 'form_identifier_exists' && first?.meta?.paramName === 'slug') {
    throw new HttpError(409, 'slug_taken', 'That slug is taken. Try another.');
  }
  const message = first?.longMessage ?? first?.message ?? 'Clerk refused the change.';
  throw new HttpError(CONFLICT_CODES.has(code) ? 409 : status, status === 404 ? 'not_found' : code, message);
}
