'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useFetchWithAuth } from '@/hooks/use-fetch-with-auth';

interface Me {
  userId: string;
  role: string | null;
  orgId: string | null;
  orgRole: string | null;
}

type Outcome = { status: number; me: Me | null; error: string | null };

/** Calls `GET /api/me` with the session token as a Bearer header (no cookies) and shows what the server sees. */
export function WhoAmICard() {
  const fetchWithAuth = useFetchWithAuth();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, startTransition] = useTransition();

  const call = () =>
    startTransition(async () => {
      try {
        const response = await fetchWithAuth('/api/me');
        const body = (await response.json()) as Me & { message?: string };
        setOutcome(
          response.ok
            ? { status: response.status, me: body, error: null }
            : { status: response.status, me: null, error: body.message ?? 'Request failed.' },
        );
      } catch {
        setOutcome({ status: 0, me: null, error: 'The request did not reach the server.' });
      }
    });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Who am I (API)</CardTitle>
        <CardDescription>
          <code>GET /api/me</code> authenticated by <code>Authorization: Bearer &lt;session token&gt;</code> from{' '}
          <code>useAuth().getToken()</code>, with cookies left out.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div>
          <Button variant="outline" onClick={call} disabled={pending}>
            {pending ? 'Calling…' : 'Call GET /api/me'}
          </Button>
        </div>
        <div aria-live="polite">
          {outcome?.me && (
            <dl aria-label="API identity" className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-muted-foreground">Status</dt>
              <dd>{outcome.status}</dd>
              <dt className="text-muted-foreground">User</dt>
              <dd>
                <code>{outcome.me.userId}</code>
              </dd>
              <dt className="text-muted-foreground">App role</dt>
              <dd>{outcome.me.role ?? 'none'}</dd>
              <dt className="text-muted-foreground">Organization</dt>
              <dd>
                {outcome.me.orgId ? (
                  <>
                    <code>{outcome.me.orgId}</code> ({outcome.me.orgRole})
                  </>
                ) : (
                  'none active'
                )}
              </dd>
            </dl>
          )}
          {outcome?.error && (
            <p role="alert" className="text-sm text-destructive">
              {outcome.status ? `${outcome.status}: ` : ''}
              {outcome.error}
            </p>
          )}
        </div>
      </CardContent>
    </Card>
  );
}
