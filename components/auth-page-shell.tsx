import { Logo } from '@/components/logo';
import { ThemeToggle } from '@/components/theme';

/** Auth pages and notices: Clerk's card brings its own <h1>. */
export const AuthPageShell = ({ children }: { children: React.ReactNode }) => (
  <div className="flex min-h-dvh flex-col">
    <header className="mx-auto flex w-full max-w-6xl items-center justify-between px-4 py-4">
      <Logo />
      <ThemeToggle />
    </header>
    <main className="flex flex-1 items-start justify-center px-4 py-8 sm:items-center">{children}</main>
  </div>
);
