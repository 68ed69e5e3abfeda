import { afterEach, expect, it, vi } from 'vitest';
import { signedWebhookRequest } from '@/lib/webhooks/sign';

afterEach(() => vi.restoreAllMocks());

it('without a signing secret the route answers 500 and logs what to set', async () => {
  delete process.env.CLERK_WEBHOOK_SIGNING_SECRET;
  delete process.env.CLERK_WEBHOOK_SECRET;
  delete process.env.DATABASE_URL;
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const { POST } = await import('@/app/api/webhooks/clerk/route');

  const secret = `whsec_${Buffer.from('any-secret-at-all-0123456789abcd').toString('base64')}`;
  const response = await POST(signedWebhookRequest('http://localhost/api/webhooks/clerk', secret, '{"type":"user.created"}'));

  expect(response.status).toBe(500);
  expect(await response.json()).toEqual({ error: 'webhook signing secret is not configured' });
  expect(error).toHaveBeenCalledWith(expect.stringContaining('CLERK_WEBHOOK_SIGNING_SECRET is not set'));
});
