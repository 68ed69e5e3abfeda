import { describe, expect, it } from 'vitest';
import { entitlementsFromClaims, parseScopedList } from '@/lib/auth/claims';
import { FEATURES, PLANS, PLAN_SLUGS, defaultPlan, hasEntitlement, type Entitlements } from '@/lib/billing/plans';
import { FREE_PROJECT_LIMIT, projectLimit } from '@/lib/projects/limits';

const session = (claims: object | null, withOrg = true) => ({ entitlements: entitlementsFromClaims(claims, withOrg) });

describe('the plans', () => {
  it('have one default plan per payer, named as in the Dashboard', () => {
    expect(defaultPlan('user')).toBe('free_user');
    expect(defaultPlan('org')).toBe('free_org');
    expect(PLAN_SLUGS.filter((slug) => PLANS[slug].isDefault)).toHaveLength(2);
  });

  it('grant only known features, and every plan of an organization keeps the projects feature its roles need', () => {
    for (const slug of PLAN_SLUGS) for (const feature of PLANS[slug].features) expect(Object.keys(FEATURES)).toContain(feature);
    for (const slug of PLAN_SLUGS.filter((s) => PLANS[s].payer === 'org')) expect(PLANS[slug].features).toContain('projects');
  });
});

describe('parseScopedList (the pla and fea claims)', () => {
  it('splits by payer', () => {
    expect(parseScopedList('u:free_user,o:pro')).toEqual({ user: ['free_user'], org: ['pro'] });
  });

  it('gives ou:/uo: entries to both payers, and trims', () => {
    expect(parseScopedList(' ou:projects , uo:x')).toEqual({ user: ['projects', 'x'], org: ['projects', 'x'] });
  });

  it.each([undefined, null, 42, '', ['o:pro'], { o: 'pro' }])('reads %j as nothing', (claim) => {
    expect(parseScopedList(claim)).toEqual({ user: [], org: [] });
  });

  it.each(['pro', 'x:pro', 'o:', ':pro', 'constructor:pro', '__proto__:pro', 'org:pro'])('ignores the malformed entry %j', (claim) => {
    expect(parseScopedList(claim)).toEqual({ user: [], org: [] });
  });
});

describe('entitlementsFromClaims', () => {
  it('reads the plans and features Clerk Billing puts in the token', () => {
    expect(entitlementsFromClaims({ pla: 'u:free_user,o:pro', fea: 'o:projects,o:unlimited_projects' }, true)).toEqual<Entitlements>({
      plans: { user: ['free_user'], org: ['pro'] },
      features: { user: [], org: ['projects', 'unlimited_projects'] },
    });
  });

  it('gives a session without billing claims the free plans (tokens minted before Billing, instances without it)', () => {
    expect(entitlementsFromClaims({ fea: 'o:projects' }, true)).toEqual<Entitlements>({
      plans: { user: ['free_user'], org: ['free_org'] },
      features: { user: [], org: ['projects'] },
    });
    expect(entitlementsFromClaims(null, true).plans).toEqual({ user: ['free_user'], org: ['free_org'] });
  });

  it('never lets a feature claim without a plan claim add more than it states', () => {
    expect(entitlementsFromClaims({ fea: 'o:unlimited_projects' }, true).features.org).toEqual(['unlimited_projects', 'projects']);
  });

  it('has no organization entitlements without an active organization', () => {
    expect(entitlementsFromClaims({ pla: 'u:free_user,o:pro', fea: 'o:unlimited_projects' }, false)).toEqual<Entitlements>({
      plans: { user: ['free_user'], org: [] },
      features: { user: [], org: [] },
    });
  });
});

describe("hasEntitlement (Clerk's has({ plan, feature }))", () => {
  const pro = session({ pla: 'u:free_user,o:pro', fea: 'o:projects,o:unlimited_projects' });
  const free = session({ pla: 'u:free_user,o:free_org', fea: 'o:projects' });

  it('answers plan and feature questions for either payer', () => {
    expect(hasEntitlement(pro, { plan: 'pro' })).toBe(true);
    expect(hasEntitlement(pro, { plan: 'free_user' })).toBe(true);
    expect(hasEntitlement(pro, { feature: 'unlimited_projects' })).toBe(true);
    expect(hasEntitlement(free, { plan: 'pro' })).toBe(false);
    expect(hasEntitlement(free, { feature: 'unlimited_projects' })).toBe(false);
    expect(hasEntitlement(free, { feature: 'projects' })).toBe(true);
  });

  it('needs both when asked both', () => {
    expect(hasEntitlement(pro, { plan: 'pro', feature: 'unlimited_projects' })).toBe(true);
    expect(hasEntitlement(free, { plan: 'free_org', feature: 'unlimited_projects' })).toBe(false);
  });

  it('denies an empty question and a subject without entitlements', () => {
    expect(hasEntitlement(pro, {})).toBe(false);
    expect(hasEntitlement({}, { feature: 'projects' })).toBe(false);
  });
});

describe('projectLimit', () => {
  it('is the free limit unless the organization has unlimited_projects', () => {
    expect(projectLimit(session({ pla: 'o:free_org', fea: 'o:projects' }))).toBe(FREE_PROJECT_LIMIT);
    expect(projectLimit(session({ pla: 'o:pro', fea: 'o:projects,o:unlimited_projects' }))).toBeNull();
    expect(projectLimit(session(null))).toBe(FREE_PROJECT_LIMIT);
    expect(projectLimit({})).toBe(FREE_PROJECT_LIMIT);
  });

  it("does not take the user's own plan features for the organization's limit when no organization is active", () => {
    expect(projectLimit(session({ pla: 'o:pro', fea: 'o:unlimited_projects' }, false))).toBe(FREE_PROJECT_LIMIT);
  });
});
