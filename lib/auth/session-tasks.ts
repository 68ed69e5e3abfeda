import { SESSION_TASK_KEYS, type SessionTaskKey } from './routes';

/**
 * The session's current task, from Clerk's Backend API (the session token says only `pending`;
 * @clerk/backend's Session drops `tasks`, so the JSON is read as Clerk sends it). Asked only for
 * an API request of a pending session, which is rare and short-lived; null when Clerk does not say.
 */
export async function currentSessionTask(sessionId: string): Promise<SessionTaskKey | null> {
  const apiUrl = process.env.CLERK_API_URL || 'https://api.clerk.com';
  try {
    const response = await fetch(`${apiUrl}/v1/sessions/${encodeURIComponent(sessionId)}`, {
      headers: { authorization: `Bearer ${process.env.CLERK_SECRET_KEY}` },
      cache: 'no-store',
    });
    if (!response.ok) return null;
    const { tasks } = (await response.json()) as { tasks?: Array<{ key?: string }> | null };
    const key = tasks?.[0]?.key;
    return SESSION_TASK_KEYS.find((known) => known === key) ?? null;
  } catch {
    return null;
  }
}
