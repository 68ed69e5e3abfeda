import { describe, expect, it } from 'vitest';
import { HANDLED_EVENT_TYPES, parseClerkEvent } from '@/lib/sync/events';
import { appRoleFrom, userFromJSON } from '@/lib/sync/users';
import { CLERK_EVENT_TYPES, clerkEvent } from '@/scripts/support/clerk-events';

describe('parseClerkEvent', () => {
  it('every handled type has a fixture, and every fixture parses', () => {
    for (const type of HANDLED_EVENT_TYPES) expect(CLERK_EVENT_TYPES).toContain(type);
    for (const type of CLERK_EVENT_TYPES) {
      const parsed = parseClerkEvent(clerkEvent(type));
      expect(parsed.kind, type).toBe(HANDLED_EVENT_TYPES.has(type) ? 'event' : 'ignored');
    }
  });

  it('acknowledges email.created, sms.created and types it does not know', () => {
    for (const type of ['email.created', 'sms.created', 'role.created', 'organizationDomain.created']) {
      expect(parseClerkEvent({ ...clerkEvent('user.created'), type })).toEqual({ kind: 'ignored', type });
    }
  });

  it('keeps fields Clerk may add later (loose objects)', () => {
    const event = clerkEvent('user.created');
    event.data.brand_new_field = { nested: true };
    const parsed = parseClerkEvent(event);
    expect(parsed.kind === 'event' && parsed.event.data).toHaveProperty('brand_new_field');
  });

  it.each([
    ['user.created', (data: Record<string, unknown>) => delete data.id, 'data.id'],
    ['user.updated', (data: Record<string, unknown>) => (data.email_addresses = 'ada@example.com'), 'data.email_addresses'],
    ['organizationMembership.created', (data: Record<string, unknown>) => delete data.public_user_data, 'data.public_user_data'],
    ['session.created', (data: Record<string, unknown>) => (data.last_active_at = '2025-01-01'), 'data.last_active_at'],
    ['user.deleted', (data: Record<string, unknown>) => (data.deleted = false), 'data.deleted'],
  ])('reports an unexpected %s payload with the offending path', (type, breakIt, path) => {
    const event = clerkEvent(type);
    breakIt(event.data);
    const parsed = parseClerkEvent(event);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.error).toContain(path);
  });

  it('requires the envelope timestamp (deletions are ordered by it)', () => {
    const { timestamp: _dropped, ...event } = clerkEvent('organization.deleted');
    expect(parseClerkEvent(event).kind).toBe('invalid');
  });

  it('treats a payload without a type as invalid, not as an unknown type', () => {
    expect(parseClerkEvent({ data: {} }).kind).toBe('invalid');
    expect(parseClerkEvent('not an object').kind).toBe('invalid');
  });
});

describe('user mapping', () => {
  it('takes the primary email address, not the first', () => {
    const event = clerkEvent('user.created');
    const data = event.data as { email_addresses: { id: string; email_address: string }[]; primary_email_address_id: string };
    data.email_addresses.unshift({ id: 'idn_other', email_address: 'other@example.com' });
    const parsed = parseClerkEvent(event);
    if (parsed.kind !== 'event' || parsed.event.type !== 'user.created') throw new Error('expected a user.created event');
    expect(userFromJSON(parsed.event.data).email).toBe('ada@example.com');
  });

  it.each([
    [{ role: 'admin' }, 'admin'],
    [{ role: 'manager' }, 'manager'],
    [{ role: 'member' }, 'member'],
    [{ role: 'owner' }, 'member'],
    [{ role: ['admin'] }, 'member'],
    [{}, 'member'],
    [null, 'member'],
  ])('public_metadata %j gives app role %s', (metadata, role) => {
    expect(appRoleFrom(metadata)).toBe(role);
  });
});
