import type { Page } from '@playwright/test';
import { eventually, expect, ourSeriousA11yViolations, queryDb, signOutBrowser, test } from './support/fixtures';

/**
 * Plans and billing in local mode, with Clerk's own `<PricingTable>`,
 * checkout and subscription details against the stand-in: a free
 * organization reaches its project limit and is offered the upgrade; its
 * admin subscribes to `pro` (a local test checkout, no card); the limit lifts
 * at once (new `pla`/`fea` claims) and the subscription reaches the database
 * through Clerk's billing webhooks; canceling keeps `pro` until the period
 * ends, as Clerk reports it. Members cannot manage billing.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const FREE_LIMIT = 3;

/** Creates an organization with clerk-js (a new one starts on the free plan), makes it active, and waits for its row. */
async function createFreeOrganization(page: Page): Promise<{ id: string; slug: string }> {
  await page.goto('/dashboard');
  await page.waitForFunction(() => (window as unknown as { Clerk?: { loaded?: boolean } }).Clerk?.loaded === true);
  const organization = await page.evaluate(async (name) => {
    const clerk = (
      window as unknown as {
        Clerk: {
          createOrganization: (p: { name: string }) => Promise<{ id: string; slug: string }>;
          setActive: (p: { organization: string }) => Promise<void>;
        };
      }
    ).Clerk;
    const created = await clerk.createOrganization({ name });
    await clerk.setActive({ organization: created.id });
    return { id: created.id, slug: created.slug };
  }, `Billing ${unique()}`);
  await eventually('select id from organizations where id = $1', [organization.id], (rows) => rows.length === 1);
  return organization;
}

const createProject = (page: Page, name: string) => page.request.post('/api/projects', { data: { name } });

test("a free organization hits its project limit, subscribes to pro through Clerk's checkout, and cancels at period end", async ({
  page,
  signInAs,
}) => {
  await signInAs('admin');
  const organization = await createFreeOrganization(page);

  // The free plan: FREE_LIMIT projects, then 402 upgrade_required and nothing written.
  for (let n = 1; n <= FREE_LIMIT; n++) expect((await createProject(page, `Free ${n}`)).status()).toBe(201);
  const refused = await createProject(page, 'One too many');
  expect(refused.status()).toBe(402);
  expect(await refused.json()).toMatchObject({ error: 'upgrade_required' });
  expect(await queryDb('select id from projects where organization_id = $1', [organization.id])).toHaveLength(FREE_LIMIT);

  // The page shows the upgrade prompt instead of the button, and leads the admin to billing.
  await page.goto(`/org/${organization.slug}`);
  await expect(page.getByText('Free plan', { exact: true })).toBeVisible();
  const prompt = page.getByRole('region', { name: 'Upgrade required' });
  await expect(prompt).toContainText(`The free plan keeps up to ${FREE_LIMIT} projects per organization.`);
  await expect(page.getByRole('button', { name: 'New project' })).toHaveCount(0);
  await prompt.getByRole('link', { name: 'Upgrade to Pro' }).click();
  await expect(page).toHaveURL(new RegExp(`/org/${organization.slug}/billing$`));

  // Clerk's <PricingTable> and checkout: no card offline (needs_payment_method: false).
  const plans = page.getByRole('region', { name: 'Plans' });
  await plans.getByRole('button', { name: 'Subscribe' }).click();
  const pay = page.getByRole('button', { name: /^Pay \$/ });
  await expect(pay).toBeVisible();
  await pay.click();
  await expect(page.getByText('Payment was successful!')).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(new RegExp(`/org/${organization.slug}/billing$`));

  // At once: the session's claims name pro, the badge says so, and the limit is gone.
  await expect(page.getByText('Pro plan', { exact: true }).first()).toBeVisible();
  await expect.poll(async () => (await createProject(page, `Pro ${unique()}`)).status()).toBe(201);
  await eventually(
    `select i.status from billing_subscription_items i where i.organization_id = $1 and i.plan_slug = 'pro'`,
    [organization.id],
    (rows) => rows.length === 1 && rows[0]!.status === 'active',
  );
  await eventually(`select status from billing_payment_attempts where organization_id = $1`, [organization.id], (rows) =>
    rows.some((row) => row.status === 'paid'),
  );

  // Cancel through Clerk's subscription details: pro runs to the period's end, then free.
  await page.reload();
  await page.getByRole('button', { name: 'Manage or cancel' }).click();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  await page.getByRole('button', { name: 'Cancel subscription' }).last().click();
  await eventually(
    `select plan_slug, status, period_end from billing_subscription_items where organization_id = $1 order by created_at`,
    [organization.id],
    (rows) =>
      rows.some((row) => row.plan_slug === 'pro' && row.status === 'canceled') &&
      rows.some((row) => row.plan_slug === 'free_org' && row.status === 'upcoming'),
  );
  await page.reload();
  const subscription = page.getByRole('list', { name: 'Subscription' });
  await expect(subscription).toContainText(/Pro\s*Canceled, ends on/);
  await expect(subscription).toContainText(/Free\s*Starts when the current plan ends/);
  await expect(page.getByText('Pro plan', { exact: true }).first()).toBeVisible();
  // Clerk's table: the free plan is upcoming, from the end of the paid period.
  await expect(plans.getByText('Upcoming')).toBeVisible();
  await expect(plans.getByText(/^Starts /)).toBeVisible();
  expect((await createProject(page, `Still pro ${unique()}`)).status()).toBe(201);
});

test("a member cannot manage billing: the page refuses them and Clerk's API refuses a checkout", async ({ page, signInAs }) => {
  await signInAs('member', { orgSlug: 'acme' });
  await page.goto('/org/acme/billing');
  await expect(page).toHaveURL(/\/unauthorized$/);
  await expect(page.getByRole('navigation', { name: 'Organization' })).toHaveCount(0);

  // <PricingTable> shows Acme's plan with every button disabled (no org:sys_billing:manage).
  await page.goto('/pricing');
  await expect(page.getByRole('heading', { name: 'Plans for your team' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pro' })).toBeVisible();
  const buttons = page.getByRole('main').getByRole('button');
  await expect(buttons.first()).toBeVisible();
  for (const button of await buttons.all()) await expect(button).toBeDisabled();

  const [acme] = await queryDb<{ id: string }>(`select id from organizations where slug = 'acme'`);
  const status = await page.evaluate(async (orgId) => {
    const [plan] = (await (await fetch('/clerk-fapi/v1/billing/plans?payer_type=org')).json()).data.filter(
      (p: { slug: string }) => p.slug === 'pro',
    );
    const response = await fetch(`/clerk-fapi/v1/organizations/${orgId}/billing/checkouts`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ plan_id: plan.id, plan_period: 'month' }),
    });
    return response.status;
  }, acme!.id);
  expect(status).toBe(403);
  await signOutBrowser(page);
});

test('the public pricing page lists the plans from configuration, signed out', async ({ page }) => {
  await page.goto('/pricing');
  await expect(page.getByRole('heading', { name: 'Plans for your team' })).toBeVisible();
  await expect(page.getByText('Pro', { exact: true })).toBeVisible();
  await expect(page.getByText('Unlimited projects')).toBeVisible();
});

test('the pricing and billing pages fit a phone and have no serious accessibility problems of ours', async ({ page, signInAs }) => {
  const PHONE = { width: 390, height: 844 };
  await signInAs('admin', { orgSlug: 'acme' });
  await page.setViewportSize(PHONE);
  for (const path of ['/pricing', '/org/acme/billing']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Pro' })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
    expect(await ourSeriousA11yViolations(page), path).toEqual([]);
  }
});
