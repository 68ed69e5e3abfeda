/**
 * Sends a Clerk webhook event to the running app, signed with the endpoint's
 * secret exactly as Clerk (svix) signs it.
 *
 *   npm run webhooks:send -- user.created                      the example scripts/support/clerk-events/user.created.json
 *   npm run webhooks:send -- user.updated --file payload.json  your own payload (sent byte for byte)
 *   npm run webhooks:send -- user.created --id msg_1           a chosen svix id: send it twice to see a duplicate
 *
 * Run through the launcher (`npm run webhooks:send`), it targets the running
 * `npm run dev` (APP_URL) with its secret (local mode's generated one, or your
 * CLERK_WEBHOOK_SIGNING_SECRET).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { signedWebhookRequest } from '../lib/webhooks/sign';
import { CLERK_EVENT_TYPES, clerkEventPath } from './support/clerk-events';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { file: { type: 'string' }, id: { type: 'string' } },
});
const [type] = positionals;
if (!type && !values.file) {
  fail(`Usage: npm run webhooks:send -- <event-type> [--file payload.json] [--id msg_...]\nFixtures: ${CLERK_EVENT_TYPES.join(', ')}`);
}

const file = values.file ?? clerkEventPath(type!);
if (!fs.existsSync(file)) {
  fail(`${file}: no such file. ${values.file ? '' : `Fixtures exist for: ${CLERK_EVENT_TYPES.join(', ')}`}`);
}
// Signed as read: re-serialising would change the bytes the signature covers.
const body = fs.readFileSync(file, 'utf8');
const declared = (JSON.parse(body) as { type?: unknown }).type;
if (type && declared !== type) fail(`${file} holds a ${String(declared)} event, not ${type}`);

const secret = process.env.CLERK_WEBHOOK_SIGNING_SECRET || process.env.CLERK_WEBHOOK_SECRET;
if (!secret) {
  fail(
    "CLERK_WEBHOOK_SIGNING_SECRET is not set. Fix: run through `npm run webhooks:send` while `npm run dev` is running, or set it to the endpoint's signing secret",
  );
}

const url = `${process.env.APP_URL ?? 'http://localhost:3000'}/api/webhooks/clerk`;
const request = signedWebhookRequest(url, secret, body, values.id ? { id: values.id } : {});
try {
  const response = await fetch(request);
  console.log(`${request.headers.get('svix-id')} ${String(declared)} -> ${url}`);
  console.log(`${response.status} ${await response.text()}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  fail(`Could not reach ${url} (${(error as Error).cause ?? (error as Error).message}). Fix: start the app with \`npm run dev\``);
}
