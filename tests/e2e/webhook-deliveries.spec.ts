/**
 * Webhook failures you can see: a genuine (svix-signed) delivery the sync cannot apply is
 * recorded as failed, and the admin finds it on /admin, above the deliveries that went well.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { signedWebhookRequest } from '../../lib/webhooks/sign';
import { clerkEvent } from '../../scripts/support/clerk-events';
import { e2eRuntime, expect, queryDb, test } from './support/fixtures';

const webhookSecret = () => (JSON.parse(fs.readFileSync(e2eRuntime().keysFile, 'utf8')) as { webhookSecret: string }).webhookSecret;

test('after a webhook fails to apply, the admin sees the failed delivery first on /admin', async ({ page, signInAs, baseURL }) => {
  // Clerk's own example of user.created, missing a field the sync needs: signed, so genuine, but not applicable.
  const event = clerkEvent('user.created') as { data: Record<string, unknown> };
  delete event.data.updated_at;
  const id = `msg_e2e_failed_${randomUUID()}`;
  const response = await fetch(signedWebhookRequest(`${baseURL}/api/webhooks/clerk`, webhookSecret(), JSON.stringify(event), { id }));
  expect(response.status).toBe(422);
  expect(await queryDb('select status from webhook_events where svix_id = $1', [id])).toEqual([{ status: 'failed' }]);

  await signInAs('admin');
  await page.goto('/admin');
  const deliveries = page.getByRole('table', { name: /failed, listed first/ });
  const failed = deliveries.locator(`[data-delivery-id="${id}"]`);
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('user.created');
  await expect(failed).toContainText('data.updated_at');
  await expect(failed.getByText('failed', { exact: true })).toBeVisible();
  // Failures first: every failed row comes before the first one that is not.
  const outcomes = await deliveries.locator('[data-outcome]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-outcome')));
  expect(outcomes.slice(0, outcomes.lastIndexOf('failed') + 1).every((outcome) => outcome === 'failed')).toBe(true);
});
