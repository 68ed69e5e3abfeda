/** The stand-in as a library: start it in-process, or create its parts to serve yourself. */
export { createLocalClerk, startLocalClerk, WEBHOOK_PATH, type LocalClerkOptions, type LocalClerkServer } from './server';
export { ensureLocalKeys, LOCAL_FRONTEND_API_HOST, type LocalClerkKeys } from './keys';
export { DEMO_USERS, LOCAL_DEMO_PASSWORD, LOCAL_VERIFICATION_CODE, type DemoUser } from './seed';
