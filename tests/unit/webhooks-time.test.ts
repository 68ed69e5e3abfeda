/**
 * Clerk's stamps in either unit: its published examples put the envelope
 * `timestamp` in seconds and `updated_at`/`created_at` in milliseconds.
 * Every stamp the sync reads must come out in milliseconds either way.
 */
import { describe, expect, it } from 'vitest';
import { parseClerkEvent, type ClerkEvent } from '@/lib/sync/events';
import { SECONDS_BELOW, toMillis } from '@/lib/sync/time';
import { clerkEvent } from '@/scripts/support/clerk-events';

describe('toMillis', () => {
  it.each([
    ['seconds (Clerk’s example envelope)', 1_716_883_200, 1_716_883_200_000],
    ['milliseconds (Clerk’s objects)', 1_716_883_500_000, 1_716_883_500_000],
    ['fractional seconds', 1_716_883_200.5, 1_716_883_200_500],
    ['zero (a stub’s version)', 0, 0],
    ['the last second before the threshold', SECONDS_BELOW - 1, (SECONDS_BELOW - 1) * 1000],
    ['the threshold, read as milliseconds', SECONDS_BELOW, SECONDS_BELOW],
  ])('%s', (_name, stamp, expected) => {
    expect(toMillis(stamp)).toBe(expected);
  });

  it('orders a stamp in seconds against one in milliseconds by the time they mean', () => {
    const deletedAt = 1_716_883_200; // seconds
    const updatedAt = 1_716_883_199_000; // a second earlier, in ms
    expect(toMillis(deletedAt)).toBeGreaterThan(toMillis(updatedAt));
  });
});

type Path = readonly (string | number)[];

/** Every stamp the sync reads, by event type: where it sits in the payload. */
const STAMPS: [type: string, path: Path][] = [
  ['user.created', ['timestamp']],
  ['user.updated', ['data', 'updated_at']],
  ['user.updated', ['data', 'last_sign_in_at']],
  ['user.updated', ['data', 'last_active_at']],
  ['user.deleted', ['timestamp']],
  ['organization.updated', ['data', 'updated_at']],
  ['organization.deleted', ['timestamp']],
  ['organizationMembership.updated', ['data', 'created_at']],
  ['organizationMembership.updated', ['data', 'updated_at']],
  ['organizationMembership.deleted', ['timestamp']],
  ['organizationInvitation.accepted', ['data', 'updated_at']],
  ['session.created', ['data', 'created_at']],
  ['session.ended', ['data', 'last_active_at']],
];

const at = (value: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
const set = (value: unknown, path: Path, stamp: number) => {
  const parent = at(value, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1)!] = stamp;
};

function parsed(event: unknown): ClerkEvent {
  const result = parseClerkEvent(event);
  if (result.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(result)}`);
  return result.event;
}

describe.each(STAMPS)('%s %j', (type, path) => {
  const ms = 1_764_150_042_000;

  it('reads seconds as milliseconds', () => {
    const event = clerkEvent(type);
    set(event, path, ms / 1000);
    expect(at(parsed(event), path)).toBe(ms);
  });

  it('reads milliseconds as they are', () => {
    const event = clerkEvent(type);
    set(event, path, ms);
    expect(at(parsed(event), path)).toBe(ms);
  });
});
