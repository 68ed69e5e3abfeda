import { AuthenticateWithRedirectCallback } from '@clerk/nextjs';
import { AuthPageShell } from '@/components/auth-page-shell';
import { SIGN_IN_PATH, SIGN_UP_PATH } from '@/lib/auth/routes';

/** Finishes a social or enterprise sign-in started by a custom flow (`signIn.authenticateWithRedirect({ redirectUrl: '/sso-callback' })`). */
export default function SsoCallbackPage() {
  return (
    <AuthPageShell>
      <AuthenticateWithRedirectCallback signInUrl={SIGN_IN_PATH} signUpUrl={SIGN_UP_PATH} />
    </AuthPageShell>
  );
}
