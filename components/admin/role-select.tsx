'use client';

import { useReverification } from '@clerk/nextjs';
import { isReverificationCancelledError } from '@clerk/nextjs/errors';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { useHydrated } from '@/hooks/use-hydrated';
import { APP_ROLES, type AppRole } from '@/lib/auth/permissions';

interface ApiAnswer {
  status: number;
  error?: string;
  message?: string;
  retryAfter?: number;
}

/** What to tell the admin for each refusal of `PATCH /api/admin/users/:id/role`. */
function explain({ status, ...body }: ApiAnswer): string {
  if (status === 409) return body.message ?? 'This is the last admin. Make someone else an admin first.';
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'Only admins can change roles.';
  if (status === 429) return `Too many requests. Try again in ${body.retryAfter ?? 10} s.`;
  return body.message ?? 'The role could not be changed.';
}

export function RoleSelect({ userId, userLabel, role }: { userId: string; userLabel: string; role: AppRole }) {
  const router = useRouter();
  const id = useId();
  const [selected, setSelected] = useState<AppRole>(role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();

  // A refusal for want of a recent verification carries Clerk's hint: Clerk's modal asks for the password, then this runs again.
  const patchRole = useReverification(async (role: AppRole): Promise<ApiAnswer> => {
    const response = await fetch(`/api/admin/users/${encodeURIComponent(userId)}/role`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role }),
    });
    return { status: response.status, ...((await response.json().catch(() => ({}))) as Omit<ApiAnswer, 'status'>) };
  });

  const save = () =>
    startTransition(async () => {
      setError(null);
      let answer: ApiAnswer;
      try {
        answer = await patchRole(selected);
      } catch (cause) {
        if (isReverificationCancelledError(cause)) return setError('Not changed: confirming it is you was cancelled.');
        throw cause;
      }
      if (answer.status >= 400) {
        setError(explain(answer));
        return;
      }
      toast.success(`${userLabel} is now ${selected}.`);
      router.refresh();
    });

  return (
    <div className="grid gap-1">
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Role of {userLabel}
        </label>
        <Select
          id={id}
          className="w-28"
          value={selected}
          disabled={pending || !hydrated}
          onChange={(event) => setSelected(event.target.value as AppRole)}
        >
          {APP_ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
        <Button size="sm" variant="outline" onClick={save} disabled={pending || selected === role} aria-label={`Save role of ${userLabel}`}>
          {pending ? 'Saving…' : 'Save'}
        </Button>
      </div>
      {error && (
        <p role="alert" className="max-w-xs text-xs text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
