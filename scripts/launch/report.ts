import { inspect } from 'node:util';
import { DatabaseSetupError } from '../../lib/db/errors';
import { EnvError } from '../../lib/env/schema';

/** `DEBUG` set to anything: configuration errors also print the underlying error and its stack. */
export const verbose = (env: NodeJS.ProcessEnv) => Boolean(env.DEBUG);

/**
 * How the launcher reports a failure: a configuration fault as its one message
 * (naming the variable and the fix), anything else in full, since it is a bug.
 */
export function formatFailure(error: unknown, showCause: boolean): string {
  if (error instanceof EnvError) return `\n${error.message}\n`;
  if (error instanceof DatabaseSetupError) {
    return showCause ? `\n${error.message}\n\n${inspect(error.cause)}\n` : `\n${error.message}\n(DEBUG=1 prints the underlying error)\n`;
  }
  return inspect(error);
}
