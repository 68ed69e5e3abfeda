import type { Database } from '@/lib/db/client';
import type { EventOf } from './events';
import { ensureReferencedRows } from './stubs';
import { recordUserActivity } from './users';

export type SessionEvent = EventOf<'session.created' | 'session.ended' | 'session.removed' | 'session.revoked'>;

/**
 * Sessions are not mirrored as rows: they move the user's activity forward
 * (sign-in time on `session.created`, last activity on every session event).
 */
export async function recordSessionActivity(tx: Database, event: SessionEvent): Promise<boolean> {
  const session = event.data;
  await ensureReferencedRows(tx, { userId: session.user_id });
  return recordUserActivity(tx, session.user_id, {
    lastSignInAt: event.type === 'session.created' ? session.created_at : null,
    lastActiveAt: session.last_active_at,
  });
}
