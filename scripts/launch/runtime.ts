/**
 * What a running `dev`/`start` exposes to tools run beside it (`launch exec`):
 * the embedded database and local mode's Clerk stand-in are served by that
 * process, so tools connect to it, never open the data folder themselves. Written
 * only when the data folder is in use: with real keys and an external database
 * the configuration alone says everything, and the working tree may be read-only.
 */
import fs from 'node:fs';
import path from 'node:path';

const runtimeFile = (dataDir: string) => path.join(dataDir, 'runtime.json');

/** Writes the runtime file; the returned function removes it. */
export function writeRuntime(dataDir: string, values: Record<string, string | undefined>): () => Promise<void> {
  fs.writeFileSync(runtimeFile(dataDir), JSON.stringify({ pid: process.pid, ...values }, null, 2));
  return async () => fs.rmSync(runtimeFile(dataDir), { force: true });
}

export function readRuntime(dataDir: string): Record<string, string> {
  if (!fs.existsSync(runtimeFile(dataDir))) {
    throw new Error('The app is not running. Fix: start it with `npm run dev` in another terminal first');
  }
  const { pid, ...values } = JSON.parse(fs.readFileSync(runtimeFile(dataDir), 'utf8')) as Record<string, string> & { pid: number };
  try {
    process.kill(pid, 0);
  } catch {
    throw new Error(`The app that wrote ${runtimeFile(dataDir)} (process ${pid}) is no longer running. Fix: start it with \`npm run dev\``);
  }
  return values;
}
