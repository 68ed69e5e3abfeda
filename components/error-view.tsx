'use client';

import { TriangleAlert } from 'lucide-react';
import { Button } from '@/components/ui/button';

/** Shown by the error boundaries; `digest` matches the server log line. */
export function ErrorView({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="grid min-h-[60dvh] place-items-center px-4">
      <div className="max-w-md text-center">
        <TriangleAlert className="mx-auto size-10 text-destructive" aria-hidden />
        <h1 className="mt-4 text-2xl font-semibold">Something went wrong</h1>
        <p className="mt-2 text-muted-foreground">
          The error was logged{error.digest ? ` (reference ${error.digest})` : ''}. Try again, and if it keeps happening, contact support.
        </p>
        <Button className="mt-6" onClick={reset}>
          Try again
        </Button>
      </div>
    </main>
  );
}
