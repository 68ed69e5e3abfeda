import { createPrivateKey, createPublicKey, createSign } from 'node:crypto';
import type { LocalClerkKeys } from './keys';

type SigningKeys = Pick<LocalClerkKeys, 'jwtPrivateKey' | 'kid'>;

/** Session tokens live an hour unless the instance says otherwise: long enough that a page load never meets an expired one (see FIELD-NOTES). */
const SESSION_TOKEN_TTL_SECONDS = 60 * 60;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

const minutesSince = (now: number, at: number) => Math.max(0, Math.floor((now - at) / 60_000));

export function signJwt(payload: object, keys: SigningKeys): string {
  const header = { alg: 'RS256', kid: keys.kid, typ: 'JWT' };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(createPrivateKey(keys.jwtPrivateKey));
  return `${signingInput}.${base64url(signature)}`;
}

export interface ActiveOrganization {
  id: string;
  slug: string;
  role: string;
  /** The role's custom permissions (`org:<feature>:<permission>`). */
  permissions: readonly string[];
}

/** A plan as the token names it: its slug and the features it grants. */
export interface PlanClaim {
  slug: string;
  features: readonly string[];
}

export interface SessionTokenInput {
  userId: string;
  sessionId: string;
  /** The app's origin (`azp`). */
  origin: string;
  /** The user's public metadata: the `metadata` claim (so `metadata.role` is the app role). */
  publicMetadata: Record<string, unknown>;
  organization: ActiveOrganization | null;
  /** When the session last verified a first factor (ms): gives `fva`. */
  firstFactorVerifiedAt: number;
  /** When the session last verified a second factor (ms), if ever: `fva[1]`, else -1. */
  secondFactorVerifiedAt?: number | null;
  /** Clerk Billing: the user's plan and the active organization's (`pla`, `fea`). Absent: billing off. */
  plans?: { user?: PlanClaim; org?: PlanClaim };
  /** `pending` while the session has tasks: the `sts` claim (@clerk/shared's `SessionStatusClaim`), which @clerk/backend reads as `sessionStatus`. */
  status?: 'active' | 'pending';
  /** Impersonation: the actor token's `actor` (`sub` is the impersonator), as the `act` claim. */
  actor?: ({ sub: string } & Record<string, unknown>) | null;
  /** Seconds until `exp` (the instance's session token lifetime); default an hour. */
  lifetimeSeconds?: number;
  now?: number;
}

/**
 * v2 organization claims: `o.per` lists permission names, `fea` the features
 * (`o:<feature>`), and `o.fpm` one decimal bitmask over `per` per feature.
 */
export function encodeOrgPermissions(permissions: readonly string[]) {
  const byFeature = new Map<string, Set<string>>();
  for (const key of permissions) {
    const [, feature, permission] = key.split(':');
    if (!feature || !permission) continue;
    byFeature.set(feature, (byFeature.get(feature) ?? new Set()).add(permission));
  }
  const per = [...new Set([...byFeature.values()].flatMap((set) => [...set]))];
  const features = [...byFeature.keys()];
  const fpm = features.map((feature) =>
    per.reduce((mask, permission, index) => (byFeature.get(feature)?.has(permission) ? mask + 2 ** index : mask), 0),
  );
  return { per: per.join(','), fea: features.map((feature) => `o:${feature}`).join(','), fpm: fpm.join(',') };
}

/**
 * A session token as Clerk's Frontend API mints it (v2 claims, and Clerk
 * Billing's `pla`/`fea` when plans are given), with the
 * custom claim `{"metadata": "{{user.public_metadata}}"}` configured. No `iss`:
 * @clerk/backend accepts its absence, and any other issuer than the key's host
 * makes it read differently named cookies.
 */
export function mintSessionToken(keys: SigningKeys, input: SessionTokenInput): string {
  const now = input.now ?? Date.now();
  const iat = Math.floor(now / 1000);
  const claims: Record<string, unknown> = {
    azp: input.origin,
    exp: iat + (input.lifetimeSeconds ?? SESSION_TOKEN_TTL_SECONDS),
    // Minutes since each factor; a verification stamped after the request's `now` is 0 minutes old, not -1 ("never").
    fva: [
      minutesSince(now, input.firstFactorVerifiedAt),
      input.secondFactorVerifiedAt ? minutesSince(now, input.secondFactorVerifiedAt) : -1,
    ],
    iat,
    nbf: iat - 10,
    sid: input.sessionId,
    sub: input.userId,
    v: 2,
    metadata: input.publicMetadata,
  };
  // Only a pending session's token states its status: an active session's token reads as it always has (no `sts` is active).
  if (input.status === 'pending') claims.sts = 'pending';
  if (input.actor) claims.act = input.actor;
  const features: string[] = [];
  const orgPlan = input.organization ? input.plans?.org : undefined;
  if (input.organization) {
    // With billing, a permission counts only when the organization's plan has its feature (as Clerk drops the others).
    const permissions = orgPlan
      ? input.organization.permissions.filter((key) => orgPlan.features.includes(key.split(':')[1] ?? ''))
      : input.organization.permissions;
    const { per, fea, fpm } = encodeOrgPermissions(permissions);
    claims.o = { id: input.organization.id, slg: input.organization.slug, rol: input.organization.role.replace(/^org:/, ''), per, fpm };
    if (fea) features.push(...fea.split(','));
  }
  const userPlan = input.plans?.user;
  if (userPlan || orgPlan) {
    claims.pla = [userPlan && `u:${userPlan.slug}`, orgPlan && `o:${orgPlan.slug}`].filter(Boolean).join(',');
    // Plan features after the permission features: `fpm` counts positions among the first ones.
    for (const feature of userPlan?.features ?? []) features.push(`u:${feature}`);
    for (const feature of orgPlan?.features ?? []) if (!features.includes(`o:${feature}`)) features.push(`o:${feature}`);
  }
  if (features.length) claims.fea = features.join(',');
  return signJwt(claims, keys);
}

export const HANDSHAKE_TOKEN_SECONDS = 60;

/** The `__clerk_handshake` token: the Set-Cookie directives @clerk/backend applies after verifying it with jwtKey. */
export function mintHandshakeToken(keys: SigningKeys, directives: string[], now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  return signJwt({ handshake: directives, iat, exp: iat + HANDSHAKE_TOKEN_SECONDS }, keys);
}

export function publicJwk(keys: Pick<LocalClerkKeys, 'jwtPublicKey' | 'kid'>) {
  const jwk = createPublicKey(keys.jwtPublicKey).export({ format: 'jwk' });
  return { ...jwk, kid: keys.kid, alg: 'RS256', use: 'sig' };
}
