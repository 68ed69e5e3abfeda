import { describe, expect, it } from 'vitest';
import { ACTIONS, ORG_ROLES, RESOURCES, TENANT_RESOURCES, can } from '@/lib/auth/permissions';
import { DEMO_USERS, LOCAL_INSTANCE, LOCAL_SEED, orgRolePermissions } from '@/lib/local-mode';

describe("local mode's configuration of the Clerk stand-in", () => {
  it.each(ORG_ROLES)('gives %s exactly the custom permissions the matrix grants that organization role', (role) => {
    const expected = RESOURCES.filter((resource) => TENANT_RESOURCES.has(resource)).flatMap((resource) =>
      ACTIONS.filter((action) => can({ role: null, orgRole: role }, resource, action)).map((action) => `org:${resource}:${action}`),
    );
    expect(orgRolePermissions(role)).toEqual(expected);
    expect(LOCAL_INSTANCE.orgRoles?.[role]?.permissions).toEqual(expected);
  });

  it('declares every organization role of the app, and no other', () => {
    expect(Object.keys(LOCAL_INSTANCE.orgRoles ?? {}).sort()).toEqual([...ORG_ROLES].sort());
  });

  it('seeds each demo user with their app role as public metadata', () => {
    expect(LOCAL_SEED.users.map((user) => [user.email, user.publicMetadata])).toEqual(
      DEMO_USERS.map((user) => [user.email, { role: user.role }]),
    );
  });
});
