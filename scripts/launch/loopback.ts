/**
 * Local mode's loopback rule (docs/security.md): its demo accounts have a published password,
 * so Next binds to loopback, every hostname override is refused, and the guard below drops
 * any connection whose peer is not loopback.
 */
import { EnvError } from '../../lib/env/schema';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
/** An address literal, what a bind setting holds. HOSTNAME binds Next's standalone server; Docker sets it to the container's name. */
const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[?[0-9a-f:]*:[0-9a-f:.]*\]?)$/i;

/** Every spelling commander accepts for Next's hostname: `-H x`, `-Hx`, `--hostname x`, `--hostname=x`. */
const isHostnameFlag = (arg: string) => arg.startsWith('-H') || arg === '--hostname' || arg.startsWith('--hostname=');

/** Refuses what could bind local mode beyond loopback, naming the argument or variable and the fix. */
export function assertLoopbackOnly(args: readonly string[], env: Record<string, string | undefined>): void {
  const fix = 'local mode serves loopback only (its demo accounts have a published password). Fix: set real Clerk keys to bind elsewhere';
  const flag = args.find(isHostnameFlag);
  if (flag) throw new EnvError([`${flag}: ${fix}`]);
  const host = env.HOST?.trim();
  if (host && !LOOPBACK_NAMES.has(host.toLowerCase())) throw new EnvError([`HOST (${host}): ${fix}, or unset HOST`]);
  const hostname = env.HOSTNAME?.trim();
  if (hostname && ADDRESS.test(hostname) && !LOOPBACK_NAMES.has(hostname)) {
    throw new EnvError([`HOSTNAME (${hostname}): ${fix}, or unset HOSTNAME`]);
  }
}

/** NODE_OPTIONS for Next in local mode: the caller's own options plus the loopback guard (a file URL: a path fails on Windows). */
export const withLoopbackGuard = (nodeOptions = '') =>
  `${nodeOptions} --import ${new URL('./loopback-guard.mjs', import.meta.url).href}`.trim();
