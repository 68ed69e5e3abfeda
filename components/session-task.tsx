'use client';

import { TaskChooseOrganization, TaskResetPassword, TaskSetupMFA, useSession } from '@clerk/nextjs';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { SessionTaskKey } from '@/lib/auth/routes';

const TASKS: Record<SessionTaskKey, typeof TaskChooseOrganization> = {
  'choose-organization': TaskChooseOrganization,
  'reset-password': TaskResetPassword,
  'setup-mfa': TaskSetupMFA,
};

/**
 * Clerk's component for the session's current task (whatever the URL names: tasks come in
 * Clerk's order), then back to `returnTo`. A session with nothing left to do goes there at once.
 */
export function SessionTask({ returnTo }: { returnTo: string }) {
  const { isLoaded, session } = useSession();
  const router = useRouter();
  const key = session?.currentTask?.key;
  const done = isLoaded && session?.status === 'active';
  useEffect(() => {
    if (done) router.replace(returnTo);
  }, [done, returnTo, router]);
  const Task = key && key in TASKS ? TASKS[key as SessionTaskKey] : null;
  return Task ? <Task redirectUrlComplete={returnTo} /> : null;
}
