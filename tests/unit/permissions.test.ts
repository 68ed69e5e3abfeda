import { describe, expect, it } from 'vitest';
import { appRoleFromClaims } from '@/lib/auth/claims';
import { ACTIONS, APP_ROLES, ORG_ROLES, RESOURCES, can, orgRolesThatMay, type Action, type Resource } from '@/lib/auth/permissions';

/**
 * The expected matrix, written out by hand and independently of
 * lib/auth/permissions.ts: C R U D per role, `-` for denied. App roles and
 * organization roles each have a column; a subject may act when either of its
 * roles may.
 */
const EXPECTED: Record<string, Record<string, string>> = {
  users: { admin: 'CRUD', manager: '-RU-', member: '-R--', 'org:admin': '----', 'org:member': '----' },
  roles: { admin: '-RU-', manager: '----', member: '----', 'org:admin': '----', 'org:member': '----' },
  projects: { admin: 'CRUD', manager: 'CRU-', member: '-R--', 'org:admin': 'CRUD', 'org:member': '-R--' },
  members: { admin: '----', manager: '----', member: '----', 'org:admin': '-RUD', 'org:member': '-R--' },
  invitations: { admin: '----', manager: '----', member: '----', 'org:admin': 'CR-D', 'org:member': '----' },
  organization: { admin: '----', manager: '----', member: '----', 'org:admin': '-RUD', 'org:member': '-R--' },
  billing: { admin: '----', manager: '----', member: '----', 'org:admin': '-RU-', 'org:member': '----' },
  impersonation: { admin: 'C---', manager: '----', member: '----', 'org:admin': '----', 'org:member': '----' },
  api_keys: { admin: '----', manager: '----', member: '----', 'org:admin': 'CR-D', 'org:member': '----' },
};
const LETTER: Record<Action, string> = { create: 'C', read: 'R', update: 'U', delete: 'D' };
const expected = (resource: string, role: string | null | undefined, action: Action) =>
  role != null && EXPECTED[resource]![role]!.includes(LETTER[action]);

describe('the permissions matrix', () => {
  it('covers exactly the resources, roles and actions of the expected table', () => {
    expect([...RESOURCES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...APP_ROLES].sort()).toEqual(['admin', 'manager', 'member']);
    expect([...ORG_ROLES].sort()).toEqual(['org:admin', 'org:member']);
    expect([...ACTIONS].sort()).toEqual(['create', 'delete', 'read', 'update']);
  });

  const cases = RESOURCES.flatMap((resource) =>
    [...APP_ROLES, null].flatMap((role) => ACTIONS.map((action) => ({ resource, role, action }))),
  );
  it.each(cases)('$role may $action $resource as the table says (no organization)', ({ resource, role, action }) => {
    expect(can({ role }, resource, action)).toBe(expected(resource, role, action));
  });
});

describe('organization roles', () => {
  const combos = ORG_ROLES.flatMap((orgRole) =>
    [...APP_ROLES, null].flatMap((role) => RESOURCES.flatMap((resource) => ACTIONS.map((action) => ({ orgRole, role, resource, action })))),
  );
  it.each(combos)('$role with $orgRole may $action $resource as expected', ({ orgRole, role, resource, action }) => {
    expect(can({ role, orgRole }, resource, action)).toBe(expected(resource, role, action) || expected(resource, orgRole, action));
  });

  it('names the organization roles that may do an action (the last-admin rule counts those who may manage members)', () => {
    expect(orgRolesThatMay('members', 'update')).toEqual(['org:admin']);
    expect(orgRolesThatMay('projects', 'read')).toEqual(['org:admin', 'org:member']);
    expect(orgRolesThatMay('roles', 'update')).toEqual([]);
  });

  it('an app admin who is only a member of an organization cannot manage its members, settings or billing', () => {
    const subject = { role: 'admin', orgRole: 'org:member' } as const;
    expect([can(subject, 'members', 'update'), can(subject, 'organization', 'update'), can(subject, 'billing', 'update')]).toEqual([
      false,
      false,
      false,
    ]);
    expect(can(subject, 'projects', 'delete')).toBe(true);
  });
});

describe('unknown inputs deny', () => {
  const unknown = <T>(value: string) => value as unknown as T;

  it.each(['owner', 'Admin', '', 'org:admin', 'constructor', '__proto__'])('role %j', (role) => {
    for (const resource of RESOURCES) for (const action of ACTIONS) expect(can({ role: unknown(role) }, resource, action)).toBe(false);
  });

  it.each(['org:owner', 'admin', 'org:billing', 'hasOwnProperty'])('org role %j', (orgRole) => {
    for (const action of ACTIONS) expect(can({ role: 'member', orgRole: unknown(orgRole) }, 'projects', action)).toBe(action === 'read');
  });

  it.each(['invoices', 'constructor', '__proto__', 'toString', 'hasOwnProperty', ''])('resource %j', (resource) => {
    for (const role of APP_ROLES) for (const action of ACTIONS) expect(can({ role }, unknown<Resource>(resource), action)).toBe(false);
  });

  it.each(['manage', 'length', 'constructor', '__proto__', 'toString', 'includes', '0'])('action %j', (action) => {
    for (const resource of RESOURCES) expect(can({ role: 'admin', orgRole: 'org:admin' }, resource, unknown<Action>(action))).toBe(false);
  });

  it('are type errors', () => {
    // @ts-expect-error unknown role
    expect(can({ role: 'owner' }, 'projects', 'read')).toBe(false);
    // @ts-expect-error unknown resource
    expect(can({ role: 'admin' }, 'invoices', 'read')).toBe(false);
    // @ts-expect-error unknown action
    expect(can({ role: 'admin' }, 'projects', 'manage')).toBe(false);
    // @ts-expect-error unknown org role
    expect(can({ role: null, orgRole: 'org:owner' }, 'projects', 'read')).toBe(false);
  });
});

describe('appRoleFromClaims', () => {
  it('reads metadata.role from the session token', () => {
    expect(appRoleFromClaims({ metadata: { role: 'manager' } })).toBe('manager');
  });
  it.each([null, undefined, {}, { metadata: {} }, { metadata: { role: 'owner' } }, { metadata: { role: ['admin'] } }])(
    'treats %j as no role',
    (claims) => {
      expect(appRoleFromClaims(claims as CustomJwtSessionClaims)).toBeNull();
    },
  );
});
