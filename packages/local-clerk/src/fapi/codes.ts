import { ClerkApiError, invalidParam, missingParam } from '../errors';
import type { VerificationRecord } from '../store';
import type { FapiContext } from './context';

/** Email codes: nothing is sent; the instance's fixed code is the code, and the log says so. */
export function attemptCode(ctx: FapiContext, verification: VerificationRecord | null, code: string | undefined) {
  const expected = ctx.deps.store.instance.config.verificationCode;
  if (!verification || verification.strategy !== 'email_code' || verification.status !== 'unverified') {
    throw new ClerkApiError(400, 'verification_missing', 'Verification not prepared', 'Request a code first.');
  }
  if (!code) throw missingParam('code');
  verification.attempts += 1;
  if (code !== expected) {
    throw invalidParam('code', 'form_code_incorrect', 'Incorrect code', `Incorrect code. Here the code is always ${expected}.`);
  }
  verification.status = 'verified';
}

export function logCode(ctx: FapiContext, email: string | null) {
  ctx.deps.log(
    `email verification code for ${email ?? 'unknown'}: ${ctx.deps.store.instance.config.verificationCode} (the stand-in sends no email)`,
  );
}
