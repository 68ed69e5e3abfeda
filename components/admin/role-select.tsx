'use client';

import { useReverification } from '@clerk/nextjs';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { useActionRunner } from '@/hooks/use-action-runner';
import { useHydrated } from '@/hooks/use-hydrated';
import { changeAppRoleAction } from '@/lib/admin/actions';
import { APP_ROLES, type AppRole } from '@/lib/auth/permissions';

/** Pick an app role, then Save. A refusal (the last admin, a cancelled verification) shows under the picker. */
export function RoleSelect({ userId, userLabel, role }: { userId: string; userLabel: string; role: AppRole }) {
  const id = useId();
  const [selected, setSelected] = useState<AppRole>(role);
  const [error, setError] = useState<string | null>(null);
  const { pending, run } = useActionRunner();
  const hydrated = useHydrated();
  // A refusal for want of a recent verification carries Clerk's hint: Clerk's modal asks for the password, then this runs again.
  const changeRole = useReverification(changeAppRoleAction);

  async function save() {
    const result = await run(() => changeRole({ userId, role: selected }), `${userLabel} is now ${selected}.`);
    setError(result.ok ? null : result.error);
  }

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
