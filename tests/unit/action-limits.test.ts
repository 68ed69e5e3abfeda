import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { action, type ActionResult } from '@/lib/actions/action';
import { ACTION_LIMITS } from '@/lib/actions/limits';

const schema = z.object({ name: z.string() });
const codeOf = (result: ActionResult<unknown>) => (result.ok ? 'ok' : result.code);
const counter = () => {
  const run = vi.fn(async (input: { name: string }) => input.name);
  return run;
};

describe('server actions are rate limited per user and per action', () => {
  afterEach(() => vi.useRealTimers());

  it('invitations are limited more tightly than project edits', () => {
    expect(ACTION_LIMITS.invitations.max).toBeLessThan(ACTION_LIMITS.projects.max);
    expect(ACTION_LIMITS.invitations.windowMs).toBeGreaterThanOrEqual(ACTION_LIMITS.projects.windowMs);
  });

  it('over the limit: a typed rate_limited result with retryAfter, and the action does not run', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const run = counter();
    const invite = action('invitations', schema, async () => ({ userId: 'user_flood' }), run);
    const { max, windowMs } = ACTION_LIMITS.invitations;
    for (let i = 0; i < max; i++) expect(await invite({ name: `n${i}` })).toEqual({ ok: true, data: `n${i}` });
    const refused = await invite({ name: 'one too many' });
    expect(refused).toEqual({
      ok: false,
      code: 'rate_limited',
      error: `Too many attempts. Try again in ${windowMs / 1000} s.`,
      retryAfter: windowMs / 1000,
    });
    expect(run).toHaveBeenCalledTimes(max);

    // Another user, and the same user on another limit, are counted separately.
    expect((await action('invitations', schema, async () => ({ userId: 'user_other' }), run)({ name: 'x' })).ok).toBe(true);
    expect((await action('projects', schema, async () => ({ userId: 'user_flood' }), run)({ name: 'x' })).ok).toBe(true);

    // The window slides: once the oldest call leaves it, one more fits.
    vi.advanceTimersByTime(windowMs);
    expect((await invite({ name: 'later' })).ok).toBe(true);
  });

  it('the guard runs first: a refused caller is not counted, and invalid input still counts', async () => {
    const run = counter();
    const denied = action(
      'invitations',
      schema,
      async (): Promise<{ userId: string }> => {
        throw new (await import('@/lib/errors')).AppError('unauthenticated', 'Sign in first.');
      },
      run,
    );
    for (let i = 0; i < ACTION_LIMITS.invitations.max + 2; i++) expect(codeOf(await denied({ name: 'x' }))).toBe('unauthenticated');

    const invite = action('invitations', schema, async () => ({ userId: 'user_sloppy' }), run);
    for (let i = 0; i < ACTION_LIMITS.invitations.max; i++) expect(codeOf(await invite({ name: 42 } as never))).toBe('invalid_request');
    expect(codeOf(await invite({ name: 'valid now' }))).toBe('rate_limited');
  });
});
