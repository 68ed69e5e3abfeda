import { ClerkAPIResponseError } from '@clerk/nextjs/errors';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { rethrowClerkError } from '@/lib/organizations/clerk-errors';
import { changeSlugSchema, inviteMemberSchema, renameOrganizationSchema } from '@/lib/organizations/schema';
import { organizationSchema } from '@/lib/organizations/schema';

describe('organization slug', () => {
  const valid = (slug: string) => changeSlugSchema.safeParse({ slug }).success;

  it.each(['abc', 'acme', 'acme-2', 'a1-b2-c3', 'x'.repeat(50), '123'])('accepts %j', (slug) => {
    expect(valid(slug)).toBe(true);
  });

  it.each(['ab', 'x'.repeat(51), 'Acme', 'acme corp', 'acme_corp', '-acme', 'acme-', 'ac--me', 'acmé', 'acme/x', ''])(
    'rejects %j',
    (slug) => {
      expect(valid(slug)).toBe(false);
    },
  );

  it('trims surrounding spaces before checking', () => {
    expect(changeSlugSchema.parse({ slug: '  acme-2 ' })).toEqual({ slug: 'acme-2' });
  });
});

describe('organization name', () => {
  it('is trimmed, required and at most 100 characters', () => {
    expect(renameOrganizationSchema.parse({ name: '  Acme Corp ' })).toEqual({ name: 'Acme Corp' });
    expect(renameOrganizationSchema.safeParse({ name: '   ' }).success).toBe(false);
    expect(renameOrganizationSchema.safeParse({ name: 'n'.repeat(100) }).success).toBe(true);
    expect(renameOrganizationSchema.safeParse({ name: 'n'.repeat(101) }).success).toBe(false);
  });

  it('refuses control characters (Postgres cannot store U+0000)', () => {
    expect(renameOrganizationSchema.safeParse({ name: 'Ac\u0000me' }).success).toBe(false);
    expect(renameOrganizationSchema.safeParse({ name: 'Ac\nme' }).success).toBe(false);
    expect(renameOrganizationSchema.safeParse({ name: 'Acmé 😀' }).success).toBe(true);
  });
});

describe('invitation', () => {
  it('normalises the email and accepts the two organization roles', () => {
    expect(inviteMemberSchema.parse({ email: ' Ada@Example.TEST ', role: 'org:admin' })).toEqual({
      email: 'ada@example.test',
      role: 'org:admin',
    });
    expect(inviteMemberSchema.safeParse({ email: 'ada@example.test', role: 'org:member' }).success).toBe(true);
  });

  it.each(['', 'ada', 'ada@', '@example.test', 'ada@example'])('rejects the email %j', (email) => {
    expect(inviteMemberSchema.safeParse({ email, role: 'org:member' }).success).toBe(false);
  });

  it('rejects other roles', () => {
    expect(inviteMemberSchema.safeParse({ email: 'ada@example.test', role: 'org:owner' }).success).toBe(false);
  });
});

describe('organizationSchema (the seed’s, adapted)', () => {
  it('parses the app’s view of an organization; imageUrl is optional', () => {
    const organization = { id: 'org_1', name: 'Acme', slug: 'acme', createdAt: new Date(0), membersCount: 3, role: 'org:admin' };
    expect(organizationSchema.parse(organization)).toEqual(organization);
    expect(organizationSchema.safeParse({ ...organization, role: 'admin' }).success).toBe(false);
    expect(organizationSchema.safeParse({ ...organization, membersCount: -1 }).success).toBe(false);
  });
});

describe('rethrowClerkError', () => {
  const clerkError = (status: number, code: string, paramName?: string) =>
    new ClerkAPIResponseError('refused', {
      status,
      data: [{ code, message: 'short', long_message: `long ${code}`, meta: paramName ? { param_name: paramName } : {} }],
    });
  const mapped = (error: unknown) => {
    try {
      rethrowClerkError(error);
    } catch (thrown) {
      return thrown;
    }
  };

  it.each([
    [clerkError(422, 'form_identifier_exists', 'slug'), 409, 'slug_taken', 'form_identifier_exists'],
    [clerkError(400, 'duplicate_record', 'email_address'), 409, 'conflict', 'duplicate_record'],
    [clerkError(400, 'already_a_member_in_organization'), 409, 'conflict', 'already_a_member_in_organization'],
    [clerkError(404, 'resource_not_found'), 404, 'not_found', 'resource_not_found'],
    [clerkError(422, 'form_param_format_invalid', 'email_address'), 400, 'invalid_request', 'form_param_format_invalid'],
    [clerkError(403, 'organization_membership_quota_exceeded'), 403, 'forbidden', 'organization_membership_quota_exceeded'],
  ])('maps a request error to an AppError with Clerk’s code as detail (%#)', (error, status, code, detail) => {
    const result = mapped(error);
    expect(result).toBeInstanceOf(AppError);
    expect(result).toMatchObject({ status, code, detail });
  });

  it('keeps Clerk’s long message for the user', () => {
    expect(mapped(clerkError(400, 'duplicate_record'))).toMatchObject({ message: 'long duplicate_record' });
  });

  it.each([
    clerkError(401, 'authentication_invalid'),
    clerkError(500, 'internal'),
    clerkError(429, 'too_many_requests'),
    new Error('network down'),
  ])('rethrows anything that is not about the request as is (%#)', (error) => {
    expect(mapped(error)).toBe(error);
  });
});
