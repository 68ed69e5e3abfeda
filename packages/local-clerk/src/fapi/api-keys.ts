/**
 * `<APIKeys />` (standalone, and the API keys pages of `<UserProfile>` and `<OrganizationProfile>`):
 * clerk-js calls these at the Frontend API's root, without `/v1`, with the session token as
 * `Authorization: Bearer` and the client cookie. A user's own keys; an organization's for members
 * whose role has `org:sys_api_keys:read` (list) or `org:sys_api_keys:manage` (create, revoke).
 */
import { z } from 'zod';
import { ClerkApiError, parseInput } from '../errors';
import { page } from '../http';
import { apiKeyJSON } from '../serializers/api-key';
import { currentSession, FapiRoutes, requireMembership, type FapiContext } from './context';

const READ = 'org:sys_api_keys:read';
const MANAGE = 'org:sys_api_keys:manage';

const createBody = z.object({
  type: z.literal('api_key').optional(),
  name: z
    .string()
    .min(3)
    .regex(/^(\S(.*\S)?)?$/),
  subject: z.string().min(1),
  description: z.string().max(255).nullable().optional(),
  seconds_until_expiration: z.number().positive().nullable().optional(),
});

const disabled = (what: string) =>
  new ClerkApiError(403, 'feature_not_enabled', 'API keys are not enabled', `${what} API keys are off in this instance's settings.`);

/** The subject the signed-in user may act for with `permission`; the user's own id needs none. */
function requireSubject(ctx: FapiContext, subject: string, permission: string): string {
  const settings = ctx.deps.store.instance.config.apiKeys;
  if (subject.startsWith('org_')) {
    if (!settings.organization) throw disabled('Organization');
    requireMembership(ctx, subject, permission);
    return subject;
  }
  const { user } = currentSession(ctx);
  if (!settings.user) throw disabled('User');
  if (subject !== user.id) throw new ClerkApiError(403, 'not_allowed_access', 'Not allowed', 'Only your own API keys.');
  return subject;
}

export const apiKeyRoutes = new FapiRoutes('fapi/api-keys.ts')
  .on('GET', '/api_keys', (ctx) => {
    const subject = requireSubject(ctx, ctx.url.searchParams.get('subject') ?? '', READ);
    const keys = ctx.deps.store.apiKeys.list({
      subject,
      includeInvalid: ctx.url.searchParams.get('include_invalid') === 'true',
      query: ctx.url.searchParams.get('query') ?? undefined,
    });
    return { status: 200, body: page(ctx.url.searchParams, keys, (key) => apiKeyJSON(key)) };
  })
  .on('POST', '/api_keys', (ctx) => {
    const input = parseInput(createBody, ctx.body);
    const subject = requireSubject(ctx, input.subject, MANAGE);
    const { user } = currentSession(ctx);
    const key = ctx.deps.store.apiKeys.create({
      subject,
      name: input.name,
      description: input.description,
      createdBy: user.id,
      secondsUntilExpiration: input.seconds_until_expiration,
    });
    return { status: 200, body: apiKeyJSON(key, { withSecret: true }) };
  })
  .on('POST', '/api_keys/:id/revoke', (ctx, { id }) => {
    const key = ctx.deps.store.apiKeys.require(id!);
    requireSubject(ctx, key.subject, MANAGE);
    const reason = z.string().nullable().optional().parse(ctx.body.revocation_reason) ?? null;
    return { status: 200, body: apiKeyJSON(ctx.deps.store.apiKeys.revoke(key.id, reason)) };
  });
