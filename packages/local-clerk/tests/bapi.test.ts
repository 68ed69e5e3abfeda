import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalKeys } from '../src/keys';
import { startLocalClerk, type LocalClerkServer } from '../src/server';
import { CONFIGURED } from './fixtures';

let server: LocalClerkServer;
let clerk: ClerkClient;
let bapiUrl: string;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-bapi-'));
  const keys = await ensureLocalKeys(dataDir);
  // No webhook URL: changes are not announced, which this file does not look at.
  server = await startLocalClerk({ dataDir, keys, appUrl: 'http://127.0.0.1:9', ...CONFIGURED });
  bapiUrl = server.bapiUrl;
  clerk = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
});

afterAll(() => server?.close());

const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: { status?: number }) => error.status,
  );

describe('local Backend API through the real clerkClient', () => {
  it('refuses requests without the local secret key', async () => {
    const response = await fetch(`${bapiUrl}/v1/users`, { headers: { authorization: 'Bearer sk_live_wrong' } });
    expect(response.status).toBe(401);
    expect((await response.json()).errors[0].code).toBe('authentication_invalid');
  });

  it('keeps an idle connection open for two minutes, so a client reusing it gets no reset', async () => {
    const keepAlive = await new Promise<string | string[] | undefined>((resolve, reject) =>
      http
        .get(`${bapiUrl}/v1/users`, { agent: new http.Agent({ keepAlive: true }) }, (response) => {
          response.resume();
          resolve(response.headers['keep-alive']);
        })
        .on('error', reject),
    );
    expect(keepAlive).toBe('timeout=120');
  });

  it('lists, counts, filters and reads users', async () => {
    const { data, totalCount } = await clerk.users.getUserList({ limit: 2, orderBy: '+created_at' });
    expect(totalCount).toBe(4);
    expect(data.map((user) => user.primaryEmailAddress?.emailAddress)).toEqual(['admin@acme.test', 'manager@acme.test']);
    expect(await clerk.users.getCount()).toBe(4);

    const { data: found } = await clerk.users.getUserList({ emailAddress: ['member@acme.test'] });
    expect(found).toHaveLength(1);
    expect((await clerk.users.getUserList({ query: 'olga' })).data[0]?.lastName).toBe('Outsider');

    const user = await clerk.users.getUser(found[0]!.id);
    expect(user).toMatchObject({ firstName: 'Mia', lastName: 'Member', publicMetadata: { role: 'member' }, passwordEnabled: true });
    expect(user.emailAddresses[0]?.verification?.status).toBe('verified');
    expect(await statusOf(clerk.users.getUser('user_missing'))).toBe(404);
  });

  it('updates users and deep-merges metadata (null removes a key)', async () => {
    const { data } = await clerk.users.getUserList({ emailAddress: ['manager@acme.test'] });
    const id = data[0]!.id;
    expect((await clerk.users.updateUser(id, { firstName: 'Maxine' })).firstName).toBe('Maxine');
    await clerk.users.updateUserMetadata(id, { publicMetadata: { prefs: { theme: 'dark', lang: 'en' } }, privateMetadata: { note: 'x' } });
    const merged = await clerk.users.updateUserMetadata(id, { publicMetadata: { role: 'admin', prefs: { lang: null } } });
    expect(merged.publicMetadata).toEqual({ role: 'admin', prefs: { theme: 'dark' } });
    expect(merged.privateMetadata).toEqual({ note: 'x' });
    const replaced = await clerk.users.replaceUserMetadata(id, { publicMetadata: { role: 'manager' } });
    expect(replaced.publicMetadata).toEqual({ role: 'manager' });
  });

  it('creates and deletes users', async () => {
    const user = await clerk.users.createUser({ emailAddress: ['new@example.test'], password: 'a-long-password', firstName: 'Nia' });
    expect(user.primaryEmailAddress?.emailAddress).toBe('new@example.test');
    expect(await statusOf(clerk.users.createUser({ emailAddress: ['NEW@example.test'] }))).toBe(422);
    const deleted = await clerk.users.deleteUser(user.id);
    expect(deleted).toMatchObject({ id: user.id, deleted: true });
    expect(await statusOf(clerk.users.getUser(user.id))).toBe(404);
  });

  it('creates, lists, reads, updates and deletes organizations', async () => {
    const {
      data: [admin],
    } = await clerk.users.getUserList({ emailAddress: ['admin@acme.test'] });
    const created = await clerk.organizations.createOrganization({
      name: 'Initech',
      createdBy: admin!.id,
      publicMetadata: { plan: 'free' },
    });
    expect(created).toMatchObject({ name: 'Initech', slug: 'initech', publicMetadata: { plan: 'free' } });

    const list = await clerk.organizations.getOrganizationList({ includeMembersCount: true, orderBy: 'name' });
    expect(list.totalCount).toBe(3);
    expect(list.data.map((org) => [org.slug, org.membersCount])).toEqual([
      ['acme', 3],
      ['globex', 1],
      ['initech', 1],
    ]);

    expect((await clerk.organizations.getOrganization({ slug: 'initech' })).id).toBe(created.id);
    const updated = await clerk.organizations.updateOrganization(created.id, { name: 'Initech Corp', slug: 'initech-corp' });
    expect(updated).toMatchObject({ name: 'Initech Corp', slug: 'initech-corp' });
    const withMetadata = await clerk.organizations.updateOrganizationMetadata(created.id, { publicMetadata: { seats: 5 } });
    expect(withMetadata.publicMetadata).toEqual({ plan: 'free', seats: 5 });

    expect(await clerk.organizations.deleteOrganization(created.id)).toMatchObject({ id: created.id, deleted: true });
    expect(await statusOf(clerk.organizations.getOrganization({ organizationId: created.id }))).toBe(404);
  });

  it('creates, lists, updates and deletes memberships', async () => {
    const acme = await clerk.organizations.getOrganization({ slug: 'acme' });
    const {
      data: [olga],
    } = await clerk.users.getUserList({ emailAddress: ['outsider@globex.test'] });

    const membership = await clerk.organizations.createOrganizationMembership({
      organizationId: acme.id,
      userId: olga!.id,
      role: 'org:member',
    });
    expect(membership).toMatchObject({
      role: 'org:member',
      organization: { id: acme.id },
      publicUserData: { userId: olga!.id, identifier: 'outsider@globex.test' },
    });
    expect(
      await statusOf(clerk.organizations.createOrganizationMembership({ organizationId: acme.id, userId: olga!.id, role: 'org:member' })),
    ).toBe(400);

    const promoted = await clerk.organizations.updateOrganizationMembership({
      organizationId: acme.id,
      userId: olga!.id,
      role: 'org:admin',
    });
    expect(promoted.role).toBe('org:admin');
    expect(promoted.permissions).toContain('org:sys_memberships:manage');

    const admins = await clerk.organizations.getOrganizationMembershipList({ organizationId: acme.id, role: ['org:admin'] });
    expect(admins.data.map((m) => m.publicUserData?.identifier).sort()).toEqual(['admin@acme.test', 'outsider@globex.test']);
    const olgas = await clerk.users.getOrganizationMembershipList({ userId: olga!.id });
    expect(olgas.data.map((m) => m.organization.slug).sort()).toEqual(['acme', 'globex']);

    await clerk.organizations.deleteOrganizationMembership({ organizationId: acme.id, userId: olga!.id });
    expect((await clerk.organizations.getOrganizationMembershipList({ organizationId: acme.id })).totalCount).toBe(3);
  });

  it('creates, lists and revokes invitations', async () => {
    const acme = await clerk.organizations.getOrganization({ slug: 'acme' });
    const invitation = await clerk.organizations.createOrganizationInvitation({
      organizationId: acme.id,
      emailAddress: 'guest@example.test',
      role: 'org:member',
    });
    expect(invitation).toMatchObject({
      emailAddress: 'guest@example.test',
      role: 'org:member',
      status: 'pending',
      organizationId: acme.id,
    });
    expect(
      await statusOf(
        clerk.organizations.createOrganizationInvitation({
          organizationId: acme.id,
          emailAddress: 'guest@example.test',
          role: 'org:member',
        }),
      ),
    ).toBe(422);

    const pending = await clerk.organizations.getOrganizationInvitationList({ organizationId: acme.id, status: ['pending'] });
    expect(pending.data.map((inv) => inv.id)).toEqual([invitation.id]);

    const revoked = await clerk.organizations.revokeOrganizationInvitation({ organizationId: acme.id, invitationId: invitation.id });
    expect(revoked.status).toBe('revoked');
    expect((await clerk.organizations.getOrganizationInvitationList({ organizationId: acme.id, status: ['pending'] })).totalCount).toBe(0);
  });

  it('serves the JWKS of the session token key', async () => {
    const { keys } = await clerk.jwks.getJwks();
    expect(keys?.[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });
});
