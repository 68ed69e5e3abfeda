/**
 * The app's one logger (LogTape): one JSON object per line in production, a readable line in
 * development (./format.ts). Every server module logs through `logger(...)`; ESLint's
 * `no-console` keeps it so. Code the edge middleware runs uses ./edge.ts: same lines, same calls.
 *
 * LogTape rather than pino: no dependencies, structured properties, and one global
 * configuration; pino's Node build needs streams and worker threads that Next's bundles and
 * edge runtime do not have.
 */
import { configureSync, getConfig, getLogger, type LogRecord, type Logger } from '@logtape/logtape';
import { production, serializable, writeLine } from './format';

export type { Logger };

const ROOT = 'app';

const text = (parts: readonly unknown[]) =>
  parts
    .map((part, index) => (index % 2 === 0 ? String(part) : typeof part === 'string' ? part : JSON.stringify(serializable(part))))
    .join('');

const sink = (record: LogRecord) =>
  writeLine({
    level: record.level,
    category: record.category,
    message: text(record.message),
    properties: record.properties,
    timestamp: record.timestamp,
  });

// Once per process: LogTape's loggers hang off one global root, so a second copy of this module (another
// bundle in the same process) must not add its sink again, or every line would be written twice.
const CONFIGURED = Symbol.for('app.log.configured');
const registry = globalThis as { [CONFIGURED]?: true };
if (!registry[CONFIGURED] && !getConfig()) {
  registry[CONFIGURED] = true;
  configureSync({
    sinks: { out: sink },
    loggers: [
      { category: [ROOT], sinks: ['out'], lowestLevel: production ? 'info' : 'debug' },
      { category: ['logtape', 'meta'], sinks: ['out'], lowestLevel: 'warning' },
    ],
  });
}

/** A logger for one area of the app, e.g. `logger('webhooks')`. */
export const logger = (...category: string[]): Logger => getLogger([ROOT, ...category]);
