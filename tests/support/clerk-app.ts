/**
 * The world an integration test of the app's Clerk-facing code needs: a fresh test database,
 * the Clerk stand-in seeded with local mode's demo users, and the environment pointing at both,
 * set before the test imports any app module (@clerk/nextjs reads its Backend API URL and keys
 * once, lib/env and lib/db theirs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { ensureLocalKeys, startLocalClerk, type LocalClerkServer } from '@saas-starter/local-clerk';
import { LOCAL_INSTANCE, LOCAL_SEED } from '@/lib/local-mode';
import { createTestDatabase, type TestDatabase } from './database';
import type { TwoTenants } from './two-tenants';

export interface ClerkApp {
  database: TestDatabase;
  clerk: LocalClerkServer;
  keys: Awaited<ReturnType<typeof ensureLocalKeys>>;
  /** The real Backend API client, as the app's `clerkClient()` gets it. */
  backend: ClerkClient;
  /** Acme (its app admin, a manager and a member) and Globex (its admin), with the stand-in's ids. */
  demoTenants(): Promise<TwoTenants>;
  close(): Promise<void>;
}

export async function startClerkApp(name: string, env: Record<string, string> = {}): Promise<ClerkApp> {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const keys = await ensureLocalKeys(dataDir);
  const clerk = await startLocalClerk({ dataDir, keys, appUrl: 'http://localhost:3000', instance: LOCAL_INSTANCE, seed: LOCAL_SEED });
  Object.assign(process.env, {
    CLERK_API_URL: clerk.bapiUrl,
    CLERK_SECRET_KEY: keys.secretKey,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: keys.publishableKey,
    DATABASE_URL: database.url,
    ...env,
  });
  const backend = createClerkClient({ apiUrl: clerk.bapiUrl, secretKey: keys.secretKey });

  const org = async (slug: string) => {
    const { id, name: orgName } = await backend.organizations.getOrganization({ slug });
    return { orgId: id, slug, name: orgName };
  };
  const user = async (email: string) => (await backend.users.getUserList({ emailAddress: [email] })).data[0]!.id;

  return {
    database,
    clerk,
    keys,
    backend,
    demoTenants: async () => ({
      run: 'clerk',
      A: await org('acme'),
      B: await org('globex'),
      people: {
        adminA: await user('admin@acme.test'),
        managerA: await user('manager@acme.test'),
        memberA: await user('member@acme.test'),
        adminB: await user('outsider@globex.test'),
      },
    }),
    async close() {
      await (await import('@/lib/db')).closeDatabase();
      await clerk.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
