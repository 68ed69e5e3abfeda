import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Instance } from '../src/instance';
import { applySeed } from '../src/seed';
import { LocalClerkStore, mergeMetadata, type StoreEventType } from '../src/store';
import { verifyPassword } from '../src/password';
import { INSTANCE, PASSWORD, SEED } from './fixtures';

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
  it('applies the seed once, with its passwords and roles', async () => {
    const store = LocalClerkStore.open(null, new Instance(INSTANCE));
    await applySeed(store, SEED);
    await applySeed(store, SEED);
    expect(store.users.list()).toHaveLength(SEED.users.length);
    expect(
      store.organizations
        .list()
        .map((org) => org.slug)
        .sort(),
    ).toEqual(['acme', 'globex']);

    const admin = store.users.findByEmail('ADMIN@acme.test')!;
    expect(admin.publicMetadata).toEqual({ role: 'admin' });
    expect(await verifyPassword(PASSWORD, admin.passwordDigest!)).toBe(true);
    expect(store.memberships.get(store.organizations.get('acme')!.id, admin.id)?.role).toBe('org:admin');
    const outsider = store.users.findByEmail('outsider@globex.test')!;
    expect(store.memberships.get(store.organizations.get('acme')!.id, outsider.id)).toBeUndefined();
    expect(store.memberships.get(store.organizations.get('globex')!.id, outsider.id)?.role).toBe('org:admin');
  });

  it('persists to its file and reopens with the same data', () => {
    const file = tempFile();
    const store = LocalClerkStore.open(file);
    expect(store.isNew).toBe(true);
    const user = store.users.create({ emailAddresses: ['kim@example.test'], firstName: 'Kim' });
    const reopened = LocalClerkStore.open(file);
    expect(reopened.isNew).toBe(false);
    expect(reopened.users.get(user.id)).toEqual(user);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('announces changes in order, with cascades before the parent deletion', () => {
    const store = LocalClerkStore.open(null);
    const events: StoreEventType[] = [];
    store.subscribe((event) => events.push(event.type));
    const user = store.users.create({ emailAddresses: ['kim@example.test'] });
    const org = store.organizations.create({ name: 'Initech', createdBy: user.id });
    store.sessions.create(store.clients.create().id, user.id);
    store.users.delete(user.id);
    store.organizations.delete(org.id);
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
    const user = store.users.create({ emailAddresses: ['kim@example.test'] });
    const stamps = [user.updatedAt];
    for (let i = 0; i < 5; i++) stamps.push(store.users.update(user.id, { firstName: `Kim ${i}` }).updatedAt);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('refuses duplicate emails, taken slugs and double memberships', () => {
    const store = LocalClerkStore.open(null);
    const user = store.users.create({ emailAddresses: ['kim@example.test'] });
    expect(() => store.users.create({ emailAddresses: ['KIM@example.test'] })).toThrow(/taken/);
    const org = store.organizations.create({ name: 'Initech', slug: 'initech' });
    expect(() => store.organizations.create({ name: 'Other', slug: 'initech' })).toThrow(/slug is taken/);
    expect(store.organizations.create({ name: 'Initech' }).slug).toBe('initech-2');
    store.memberships.create(org.id, user.id, 'org:member');
    expect(() => store.memberships.create(org.id, user.id, 'org:admin')).toThrow(/already a member/i);
  });

  it('turns an accepted invitation into a membership with the invited role', () => {
    const store = LocalClerkStore.open(null);
    const org = store.organizations.create({ name: 'Initech' });
    const invitation = store.invitations.create({ organizationId: org.id, emailAddress: 'New@Example.test', role: 'org:admin' });
    const user = store.users.create({ emailAddresses: ['new@example.test'] });
    expect(store.invitations.accept(invitation.id, user.id).role).toBe('org:admin');
    expect(store.invitations.require(invitation.id).status).toBe('accepted');
    expect(() => store.invitations.accept(invitation.id, user.id)).toThrow(/not pending/);
  });
});
