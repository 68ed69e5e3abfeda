/** lib/admin/users against a real database: listing, search, pagination and the admin count. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAdmins, listUsers, userListQuerySchema } from '@/lib/admin/users';
import { users } from '@/lib/db/schema';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';

let database: TestDatabase;

// 25 people named Person 00..24 (person00@example.test ...), three admins, one of them deleted,
// plus two whose names and emails hold LIKE wildcards.
const people = Array.from({ length: 25 }, (_, i) => {
  const n = String(i).padStart(2, '0');
  return {
    id: `user_p${n}`,
    email: `person${n}@example.test`,
    firstName: 'Person',
    lastName: n,
    role: i < 3 ? 'admin' : i < 8 ? 'manager' : 'member',
    deletedAt: i === 2 ? new Date() : null,
  };
});
const special = [
  { id: 'user_pct', email: 'percent@example.test', firstName: 'Hundred', lastName: '100%', role: 'member', deletedAt: null },
  { id: 'user_und', email: 'under_score@example.test', firstName: 'Ada', lastName: 'Lovelace', role: 'member', deletedAt: null },
];

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.insert(users).values([...people, ...special]);
});
afterAll(async () => {
  await database?.close();
});

const query = (raw: Record<string, unknown>) => userListQuerySchema.parse(raw);

describe('listUsers', () => {
  it('lists live users by email, 20 a page, with roles', async () => {
    const first = await listUsers(database.db, query({}));
    expect(first).toMatchObject({ total: 26, page: 1, pageCount: 2, pageSize: 20, q: '' });
    expect(first.users).toHaveLength(20);
    expect(first.users[0]).toMatchObject({ id: 'user_pct', email: 'percent@example.test', name: 'Hundred 100%', role: 'member' });
    expect(first.users[1]).toMatchObject({ id: 'user_p00', name: 'Person 00', role: 'admin' });
    expect(first.users.map((u) => u.id)).not.toContain('user_p02');

    const second = await listUsers(database.db, query({ page: '2' }));
    expect(second.users.map((u) => u.id)).toEqual(['user_p20', 'user_p21', 'user_p22', 'user_p23', 'user_p24', 'user_und']);
    expect(new Set([...first.users, ...second.users].map((u) => u.id)).size).toBe(26);
  });

  it('clamps a page past the end to the last page, and junk to the first', async () => {
    expect((await listUsers(database.db, query({ page: '99' }))).page).toBe(2);
    expect((await listUsers(database.db, query({ page: '-3' }))).page).toBe(1);
    expect((await listUsers(database.db, query({ page: 'abc' }))).page).toBe(1);
  });

  it('searches email and full name, case-insensitively', async () => {
    expect((await listUsers(database.db, query({ q: 'PERSON1' }))).users.map((u) => u.id)).toEqual(
      ['10', '11', '12', '13', '14', '15', '16', '17', '18', '19'].map((n) => `user_p${n}`),
    );
    expect((await listUsers(database.db, query({ q: 'person 07' }))).users.map((u) => u.id)).toEqual(['user_p07']);
    expect((await listUsers(database.db, query({ q: '  lovelace ' }))).users.map((u) => u.id)).toEqual(['user_und']);
  });

  it('paginates search results', async () => {
    const result = await listUsers(database.db, query({ q: 'person', page: '2' }));
    expect(result).toMatchObject({ total: 24, page: 2, pageCount: 2 });
    expect(result.users).toHaveLength(4);
  });

  it('treats % and _ as text, not wildcards', async () => {
    expect((await listUsers(database.db, query({ q: '%' }))).users.map((u) => u.id)).toEqual(['user_pct']);
    expect((await listUsers(database.db, query({ q: '_' }))).users.map((u) => u.id)).toEqual(['user_und']);
  });

  it('never lists deleted users, even when searched for', async () => {
    expect((await listUsers(database.db, query({ q: 'person02' }))).total).toBe(0);
  });

  it('finds nothing gracefully', async () => {
    expect(await listUsers(database.db, query({ q: 'nobody' }))).toMatchObject({ users: [], total: 0, page: 1, pageCount: 1 });
  });
});

describe('countAdmins', () => {
  it('counts live admins only', async () => {
    expect(await countAdmins(database.db)).toBe(2);
  });
});
