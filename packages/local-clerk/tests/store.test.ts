import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS, LOCAL_DEMO_PASSWORD, seedDemoData } from '../src/seed';
import { LocalClerkStore, mergeMetadata, type StoreEventType } from '../src/store';
import { verifyPassword } from '../src/password';

const tempFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-store-')), 'store.json');

describe('mergeMetadata (Clerk deep-merge semantics)', () => {
  it('merges nested objects, replaces other values and removes keys set to null', () => {
    const current = { role: 'member', prefs: { theme: 'dark', lang: 'en' }, tags: ['a'] };
    expect(mergeMetadata(current, { role: 'admin', prefs: { lang: null, tz: 'UTC' }, tags: ['b'] })).toEqual({
      role: 'admin',
      prefs: { theme: 'dark', tz: 'UTC' },
      tags: ['b'],
    });
  });
});

describe('LocalClerkStore', () => {
  it('seeds the demo data once, with the documented password and roles', async () => {
    const store = LocalClerkStore.open(null);
    await seedDemoData(store);
    await seedDemoData(store);
    expect(store.listUsers()).toHaveLength(DEMO_USERS.length);
    expect(store.listOrganizations().map((org) => org.slug).sort()).toEqual(['acme', 'globex']);

    const admin = store.findUserByEmail('ADMIN@acme.test')!;
    expect(admin.publicMetadata).toEqual({ role: 'admin' });
    expect(await verifyPassword(LOCAL_DEMO_PASSWORD, admin.passwordDigest!)).toBe(true);
    expect(store.getMembership(store.getOrganization('acme')!.id, admin.id)?.role).toBe('org:admin');
    const outsider = store.findUserByEmail('outsider@globex.test')!;
    expect(store.getMembership(store.getOrganization('acme')!.id, outsider.id)).toBeUndefined();
    expect(store.getMembership(store.getOrganization('globex')!.id, outsider.id)?.role).toBe('org:admin');
  });

  it('persists to its file and reopens with the same data', () => {
    const file = tempFile();
    const store = LocalClerkStore.open(file);
    expect(store.isNew).toBe(true);
    const user = store.createUser({ emailAddresses: ['kim@example.test'], firstName: 'Kim' });
    const reopened = LocalClerkStore.open(file);
    expect(reopened.isNew).toBe(false);
    expect(reopened.getUser(user.id)).toEqual(user);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('announces changes in order, with cascades before the parent deletion', () => {
    const store = LocalClerkStore.open(null);
    const events: StoreEventType[] = [];
    store.subscribe((event) => events.push(event.type));
    const user = store.createUser({ emailAddresses: ['kim@example.test'] });
    const org = store.createOrganization({ name: 'Initech', createdBy: user.id });
    store.createSession(store.createClient().id, user.id);
    store.deleteUser(user.id);
    store.deleteOrganization(org.id);
    expect(events).toEqual([
      'user.created',
      'organization.created',
      'organizationMembership.created',
      'session.created',
      'organizationMembership.deleted',
      'session.revoked',
      'user.deleted',
      'organization.deleted',
    ]);
  });

  it('keeps updated_at strictly increasing', () => {
    const store = LocalClerkStore.open(null);
    const user = store.createUser({ emailAddresses: ['kim@example.test'] });
    const stamps = [user.updatedAt];
    for (let i = 0; i < 5; i++) stamps.push(store.updateUser(user.id, { firstName: `Kim ${i}` }).updatedAt);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('refuses duplicate emails, taken slugs and double memberships', () => {
    const store = LocalClerkStore.open(null);
    const user = store.createUser({ emailAddresses: ['kim@example.test'] });
    expect(() => store.createUser({ emailAddresses: ['KIM@example.test'] })).toThrow(/taken/);
    const org = store.createOrganization({ name: 'Initech', slug: 'initech' });
    expect(() => store.createOrganization({ name: 'Other', slug: 'initech' })).toThrow(/slug is taken/);
    expect(store.createOrganization({ name: 'Initech' }).slug).toBe('initech-2');
    store.createMembership(org.id, user.id, 'org:member');
    expect(() => store.createMembership(org.id, user.id, 'org:admin')).toThrow(/already a member/i);
  });

  it('turns an accepted invitation into a membership with the invited role', () => {
    const store = LocalClerkStore.open(null);
    const org = store.createOrganization({ name: 'Initech' });
    const invitation = store.createInvitation({ organizationId: org.id, emailAddress: 'New@Example.test', role: 'org:admin' });
    const user = store.createUser({ emailAddresses: ['new@example.test'] });
    expect(store.acceptInvitation(invitation.id, user.id).role).toBe('org:admin');
    expect(store.requireInvitation(invitation.id).status).toBe('accepted');
    expect(() => store.acceptInvitation(invitation.id, user.id)).toThrow(/not pending/);
  });
});
