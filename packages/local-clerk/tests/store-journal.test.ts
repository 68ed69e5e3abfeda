/**
 * The store's persistence: a snapshot plus a journal of changes (src/store/core.ts).
 * Whatever a change returned is on disk, a kill at any moment leaves a store that
 * opens with all of it, and reopening gives back exactly the state in memory.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planId } from '../src/billing/plans';
import { Instance } from '../src/instance';
import { LocalClerkStore } from '../src/store';
import { BILLING_PLANS, INSTANCE } from './fixtures';

const tempFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-journal-')), 'store.json');
const journalOf = (file: string) => file.replace(/\.json$/, '.journal');
const WRITER = path.join(import.meta.dirname, 'support-journal-writer.mjs');

/** Starts the writer, kills it (SIGKILL) once it has acknowledged `count` users, and returns the ids it acknowledged. */
function writeUntilKilled(file: string, count: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged = new Map<string, number>();
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [id, index] = line.split(' ');
        acknowledged.set(id!, Number(index));
      }
      if (acknowledged.size >= count) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(acknowledged) : reject(new Error(`the writer exited with ${code} before it was killed`)),
    );
  });
}

/** Every map of records in a store, as plain JSON. */
const contents = (store: LocalClerkStore) => JSON.parse(JSON.stringify(store.core.state)) as Record<string, unknown>;

describe('the store journal', () => {
  it('keeps every acknowledged change through kills mid-write, across compactions', async () => {
    const file = tempFile();
    let expected = new Map<string, number>();
    // Three writers in turn on the same store, each killed at a different point (the second and third reopen what the previous left).
    for (const count of [150, 700, 400]) {
      const acknowledged = await writeUntilKilled(file, count);
      expected = new Map([...expected, ...acknowledged]);
      const store = LocalClerkStore.open(file);
      for (const [id, index] of expected) {
        expect(store.users.get(id), `user ${id} (#${index}) was acknowledged`).toMatchObject({
          firstName: `Writer ${index}`,
          publicMetadata: { i: index },
        });
      }
    }
    // The writes outgrew the 4 MiB journal limit: the snapshot holds most of them.
    expect(fs.statSync(file).size).toBeGreaterThan(4 * 2 ** 20);
    expect(LocalClerkStore.open(file).users.list().length).toBeGreaterThanOrEqual(expected.size);
  });

  it('drops a torn last line, and appends cleanly after it', () => {
    const file = tempFile();
    const store = LocalClerkStore.open(file);
    const kim = store.users.create({ emailAddresses: ['kim@example.test'] });
    store.users.update(kim.id, { firstName: 'Kim' });
    const before = fs.readFileSync(journalOf(file), 'utf8');
    fs.appendFileSync(journalOf(file), '[["users","user_torn",{"id":"user_to');

    const reopened = LocalClerkStore.open(file);
    expect(reopened.users.get('user_torn')).toBeUndefined();
    expect(reopened.users.get(kim.id)?.firstName).toBe('Kim');
    expect(fs.readFileSync(journalOf(file), 'utf8')).toBe(before);
    reopened.users.update(kim.id, { lastName: 'Lee' });
    expect(LocalClerkStore.open(file).users.get(kim.id)).toMatchObject({ firstName: 'Kim', lastName: 'Lee' });
  });

  it('reopens with exactly the state in memory, in-place changes and deletions included', () => {
    const file = tempFile();
    const instance = new Instance({ ...INSTANCE, billingPlans: BILLING_PLANS });
    const store = LocalClerkStore.open(file, instance);
    const kim = store.users.create({ emailAddresses: ['kim@example.test'], firstName: 'Kim' });
    const lee = store.users.create({ emailAddresses: ['lee@example.test'] });
    const address = store.users.addEmailAddress(kim.id, 'kim@work.test');
    store.users.enrollTotp(kim.id, 'JBSWY3DPEHPK3PXP', ['digest-1', 'digest-2']);
    store.users.useBackupCode(kim.id, 'digest-1');
    const org = store.organizations.create({ name: 'Initech', createdBy: kim.id });
    store.organizations.update(org.id, { slug: 'initech-renamed' });
    store.memberships.create(org.id, lee.id, 'org:member');
    store.memberships.update(org.id, lee.id, { role: 'org:admin' });
    const client = store.clients.create();
    const session = store.sessions.create(client.id, kim.id, org.id);
    store.clients.touch(client.id);
    const checkout = store.billing.startCheckout({ type: 'org', id: org.id }, kim.id, planId('pro'), 'month');
    expect(checkout.status).toBe('needs_confirmation');
    store.billing.assignPlan({ type: 'org', id: org.id }, 'pro');
    const gone = store.users.create({ emailAddresses: ['gone@example.test'] });
    store.users.delete(gone.id);
    // A record handed out by a change is live: writing to it later is persisted by the next change.
    address.updatedAt = 42;
    store.sessions.end(session.id, 'ended');

    const reopened = LocalClerkStore.open(file, instance);
    expect(contents(reopened)).toEqual(contents(store));
    expect(reopened.users.findByEmail('kim@example.test')?.id).toBe(kim.id);
    expect(reopened.organizations.get('initech-renamed')?.id).toBe(org.id);
    expect(reopened.memberships.list({ organizationId: org.id }).map((membership) => membership.role)).toEqual(['org:admin', 'org:admin']);
    expect(reopened.users.get(gone.id)).toBeUndefined();
  });

  it('finds records by email, slug and parent after in-place changes (the indexes follow)', () => {
    const store = LocalClerkStore.open(null);
    const kim = store.users.create({ emailAddresses: ['kim@example.test'] });
    const org = store.organizations.create({ name: 'Initech', slug: 'initech' });
    store.memberships.create(org.id, kim.id, 'org:member');
    store.organizations.update(org.id, { slug: 'initrode' });
    expect(store.organizations.get('initech')).toBeUndefined();
    expect(store.organizations.get('initrode')?.id).toBe(org.id);
    expect(store.organizations.create({ name: 'Initech', slug: 'initech' }).slug).toBe('initech');

    const address = store.users.addEmailAddress(kim.id, 'kim@work.test');
    expect(store.users.findByEmail('kim@work.test')).toBeUndefined();
    address.verification = { strategy: 'email_code', status: 'verified', attempts: 1, expireAt: Date.now() };
    store.users.saveEmailVerification(kim.id, address);
    expect(store.users.findByEmail('KIM@work.test')?.id).toBe(kim.id);
    store.users.removeEmailAddress(kim.id, address.id);
    expect(store.users.findByEmail('kim@work.test')).toBeUndefined();

    expect(store.memberships.list({ userId: kim.id })).toHaveLength(1);
    store.users.delete(kim.id);
    expect(store.memberships.list({ userId: kim.id })).toEqual([]);
    expect(store.memberships.list({ organizationId: org.id })).toEqual([]);
  });
});
