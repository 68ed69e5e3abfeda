import { NextResponse } from 'next/server';
import { db } from '@/lib/db';
import { lastAppliedAt } from '@/lib/sync/ledger';

export const dynamic = 'force-dynamic';

/**
 * For load balancers, uptime monitors and the e2e harness: 200 when the database answers, with
 * when the last webhook delivery was applied (a monitor can alert when it grows old); 503 when
 * the database does not. Nothing else: this endpoint is public.
 */
export async function GET() {
  try {
    const applied = await lastAppliedAt(db);
    return NextResponse.json({ ok: true, database: 'ok', lastWebhookAppliedAt: applied?.toISOString() ?? null });
  } catch {
    return NextResponse.json({ ok: false, database: 'unavailable', error: 'database_unavailable' }, { status: 503 });
  }
}
