import { auth } from '@clerk/nextjs/server';
import { Building2, KeyRound, ShieldCheck, Webhook } from 'lucide-react';
import Link from 'next/link';
import { LocalModeBanner } from '@/components/local-mode-banner';
import { Logo } from '@/components/logo';
import { SignInIsland } from '@/components/sign-in-island';
import { ThemeToggle } from '@/components/theme';
import { buttonClass } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { clerkProviderConfig } from '@/providers/clerk-config';

const FEATURES = [
  {
    icon: KeyRound,
    title: 'Clerk auth, offline too',
    text: "Clerk's own sign-in, sign-up, user button and organization switcher. With no Clerk account, local mode answers Clerk's API on your machine.",
  },
  {
    icon: ShieldCheck,
    title: 'One permissions matrix',
    text: 'Roles and permissions checked in the middleware, server components, APIs and client hooks from a single typed module.',
  },
  {
    icon: Building2,
    title: 'Multi-tenant by construction',
    text: 'Organizations, members, invitations, and tenant data reachable only through functions scoped to the active organization.',
  },
  {
    icon: Webhook,
    title: 'Webhook sync that loses nothing',
    text: 'Svix-verified, idempotent, order-safe sync of users, organizations and memberships into Postgres with Drizzle.',
  },
];

export default async function LandingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { userId } = await auth();
  // `?sign-in=true` opens Clerk's <SignIn> in a modal, as on app pages: only then does this page load Clerk's JS.
  const signingIn = !userId && (await searchParams)['sign-in'] === 'true';
  return (
    <>
      {signingIn && <SignInIsland config={clerkProviderConfig()} />}
      <LocalModeBanner />
      <header className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-4">
        <Logo />
        <nav className="ml-auto flex items-center gap-1 sm:gap-2" aria-label="Main">
          <ThemeToggle />
          {userId ? (
            <Link href="/dashboard" className={buttonClass()}>
              Open dashboard
            </Link>
          ) : (
            <>
              <Link href="/sign-in" className={buttonClass('ghost')}>
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonClass()}>
                Get started
              </Link>
            </>
          )}
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-4 pb-24">
        <section className="py-16 text-center sm:py-24">
          <h1 className="mx-auto max-w-3xl text-4xl font-bold tracking-tight sm:text-6xl">The SaaS starter that takes auth seriously</h1>
          <p className="mx-auto mt-6 max-w-2xl text-lg text-muted-foreground">
            Next.js App Router, Clerk, Drizzle and Postgres: sign-in, organizations, roles, webhooks and tenant isolation, tested end to end
            in a real browser. Clone it, run <code className="rounded bg-muted px-1.5 py-0.5">npm run dev</code>, sign in.
          </p>
          <div className="mt-8 flex justify-center gap-3">
            <Link href={userId ? '/dashboard' : '/sign-up'} className={buttonClass('default', 'lg')}>
              {userId ? 'Open dashboard' : 'Create an account'}
            </Link>
            <a href="#features" className={buttonClass('outline', 'lg')}>
              See what is inside
            </a>
          </div>
        </section>
        <section aria-labelledby="features" className="grid gap-4 sm:grid-cols-2">
          <h2 id="features" className="sr-only">
            Features
          </h2>
          {FEATURES.map(({ icon: Icon, title, text }) => (
            <Card key={title}>
              <CardHeader>
                <Icon className="size-5 text-primary" aria-hidden />
                <CardTitle>{title}</CardTitle>
              </CardHeader>
              <CardContent className="text-muted-foreground">{text}</CardContent>
            </Card>
          ))}
        </section>
      </main>
    </>
  );
}
