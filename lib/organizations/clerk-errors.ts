import 'server-only';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { AppError, type ErrorCode } from '@/lib/errors';

const CONFLICT_CODES = new Set(['duplicate_record', 'already_a_member_in_organization', 'form_identifier_exists']);
/** Clerk's status for a refused request, as the app's error code. */
const REQUEST_ERRORS: ReadonlyMap<number, ErrorCode> = new Map([
  [400, 'invalid_request'],
  [403, 'forbidden'],
  [404, 'not_found'],
  [409, 'conflict'],
  [422, 'invalid_request'],
]);

/**
 * Clerk's answers that are about the request (a taken slug, a duplicate
 * invitation, an unknown member) become AppErrors (with Clerk's code as `detail`) whose message a form can
 * show; anything else (bad keys, Clerk unreachable) stays a server error.
 */
export function rethrowClerkError(error: unknown): never {
  if (!isClerkAPIResponseError(error)) throw error;
  const mapped = REQUEST_ERRORS.get(error.status);
  if (!mapped) throw error;
  const [first] = error.errors;
  const code = first?.code ?? 'invalid_request';
  if (code === 'form_identifier_exists' && first?.meta?.paramName === 'slug') {
    throw new AppError('slug_taken', 'That slug is taken. Try another.', code);
  }
  const message = first?.longMessage ?? first?.message ?? 'Clerk refused the change.';
  throw new AppError(CONFLICT_CODES.has(code) ? 'conflict' : mapped, message, code);
}
