import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema';

export const ADMIN_PAGE_SIZE = 20;
export const SEARCH_MAX_LENGTH = 100;

/** `?q=&page=` of the admin user list; anything malformed falls back to the first, unfiltered page. */
export const userListQuerySchema = z.object({
  q: z.string().trim().max(SEARCH_MAX_LENGTH).catch(''),
  page: z.coerce.number().int().min(1).catch(1),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export interface AdminUserRow {
  id: string;
  email: string | null;
  name: string;
  imageUrl: string | null;
  /** From the database mirror: `publicMetadata.role` as the last applied webhook (or role change) wrote it. */
  role: AppRole;
  lastSignInAt: Date | null;
}

export interface UserPage {
  users: AdminUserRow[];
  q: string;
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

/** `%`, `_` and `\` match literally: the search is for text, not a pattern. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

const live = isNull(users.deletedAt);

function matching(q: string): SQL | undefined {
  if (!q) return live;
  const pattern = containing(q);
  const fullName = sql`concat_ws(' ', ${users.firstName}, ${users.lastName})`;
  return and(live, or(ilike(users.email, pattern), ilike(fullName, pattern)));
}

const displayName = (row: { firstName: string | null; lastName: string | null }) => [row.firstName, row.lastName].filter(Boolean).join(' ');

/**
 * One page of the app's users (deleted ones excluded), searched by name or
 * email, ordered by email. A page past the end is clamped to the last one.
 */
export async function listUsers(db: Database, { q, page }: UserListQuery, pageSize = ADMIN_PAGE_SIZE): Promise<UserPage> {
  const where = matching(q);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(users).where(where);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pageCount);
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      imageUrl: users.imageUrl,
      role: users.role,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(where)
    .orderBy(sql`lower(${users.email}) asc nulls last`, asc(users.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize);
  return {
    users: rows.map(({ firstName, lastName, role, ...row }) => ({
      ...row,
      name: displayName({ firstName, lastName }),
      role: role as AppRole,
    })),
    q,
    page: current,
    pageSize,
    total,
    pageCount,
  };
}

/** App admins in the mirror, tombstoned users excluded: what the last-admin rule counts. */
export async function countAdmins(db: Database): Promise<number> {
  const [row] = await db
    .select({ admins: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), live));
  return row?.admins ?? 0;
}
