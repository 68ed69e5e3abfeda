import { env } from '@/lib/env/server';
import { DEMO_USERS, LOCAL_DEMO_PASSWORD, LOCAL_VERIFICATION_CODE, type DemoUser } from '@/lib/local-mode';

const describe = (user: DemoUser) =>
  [`app ${user.role}`, ...user.memberships.map((m) => `${m.role.replace('org:', '')} of ${m.organizationSlug}`)].join(', ');

/** Shown on every page while local mode is on: how to sign in, and how to leave it. */
export function LocalModeBanner() {
  if (!env.localMode) return null;
  return (
    <aside
      role="note"
      aria-label="Local mode"
      className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <details className="mx-auto max-w-6xl">
        <summary className="cursor-pointer">
          <strong>Local mode</strong>: no Clerk account needed; Clerk&apos;s API is answered on this machine. Sign in as{' '}
          <code>{DEMO_USERS[0]?.email}</code> with password <code>{LOCAL_DEMO_PASSWORD}</code>.
        </summary>
        <div className="mt-2 grid gap-1 pb-1">
          <p>
            Demo accounts (password <code>{LOCAL_DEMO_PASSWORD}</code>):{' '}
            {DEMO_USERS.map((user) => (
              <span key={user.email} className="mr-3 inline-block">
                <code>{user.email}</code> ({describe(user)})
              </span>
            ))}
          </p>
          <p>
            Signing up? The email verification code is <code>{LOCAL_VERIFICATION_CODE}</code>. To go live, set your Clerk keys: see the
            README section &quot;Going live with Clerk&quot;.
          </p>
        </div>
      </details>
    </aside>
  );
}
