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

/** Node's inspector flags; without a host they bind 127.0.0.1, with one they open a debugger (full control) to it. */
const INSPECT_FLAG = /^--inspect(?:-brk|-wait|-port)?(?:=(.*))?$/;

/** The host an inspector value (`9229`, `host`, `host:9229`, `[::1]:9229`) binds, or null for a port alone. */
function inspectorHost(value: string): string | null {
  if (/^\d+$/.test(value)) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const colon = value.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(value.slice(colon + 1)) && value.indexOf(':') === colon ? value.slice(0, colon) : value;
}

/** The first inspector flag in `words` that binds beyond loopback (its value inline, or as the next word). */
function openInspector(words: readonly string[]): string | null {
  for (const [index, word] of words.entries()) {
    const match = INSPECT_FLAG.exec(word);
    if (!match) continue;
    const next = words[index + 1];
    const value = match[1] ?? (next !== undefined && !next.startsWith('-') ? next : undefined);
    const host = value === undefined ? null : inspectorHost(value);
    if (host !== null && !LOOPBACK_NAMES.has(host.toLowerCase())) return value === match[1] ? word : `${word} ${value}`;
  }
  return null;
}

/** Refuses what could bind local mode beyond loopback, naming the argument or variable and the fix. */
export function assertLoopbackOnly(args: readonly string[], env: Record<string, string | undefined>): void {
  const fix = 'local mode serves loopback only (its demo accounts have a published password). Fix: set real Clerk keys to bind elsewhere';
  const flag = args.find(isHostnameFlag);
  if (flag) throw new EnvError([`${flag}: ${fix}`]);
  const inspector = openInspector(args);
  if (inspector) throw new EnvError([`${inspector}: ${fix}, or let the inspector bind 127.0.0.1 (plain --inspect)`]);
  const inspectorOption = openInspector(env.NODE_OPTIONS?.trim().split(/\s+/) ?? []);
  if (inspectorOption)
    throw new EnvError([`NODE_OPTIONS (${inspectorOption}): ${fix}, or let the inspector bind 127.0.0.1 (plain --inspect)`]);
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
