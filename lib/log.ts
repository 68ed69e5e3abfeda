/**
 * The app's one logger (LogTape): one JSON object per line in production, a readable line in
 * development. Every module logs through `logger(...)`; ESLint's `no-console` keeps it so.
 *
 * LogTape rather than pino: it has no dependencies and runs unchanged in the edge middleware
 * (pino's Node build needs streams and worker threads), where a few KiB count against its budget.
 */
import { configureSync, getConfig, getLogger, type LogLevel, type LogRecord, type Logger } from '@logtape/logtape';

export type { Logger };

const production = process.env.NODE_ENV === 'production';
const ROOT = 'app';

/** Errors keep their name and message (the stack only in development): a thrown value never becomes `{}`. */
function serializable(value: unknown): unknown {
  if (value instanceof Error)
    return production ? { name: value.name, message: value.message } : { name: value.name, message: value.message, stack: value.stack };
  return value;
}

const text = (parts: readonly unknown[]) =>
  parts
    .map((part, index) => (index % 2 === 0 ? String(part) : typeof part === 'string' ? part : JSON.stringify(serializable(part))))
    .join('');

const properties = (record: LogRecord) =>
  Object.fromEntries(Object.entries(record.properties).map(([key, value]) => [key, serializable(value)]));

/** `{"level":"error","time":"…","logger":"app.http","msg":"…",…properties}` */
export function jsonLine(record: LogRecord): string {
  return JSON.stringify({
    level: record.level,
    time: new Date(record.timestamp).toISOString(),
    logger: record.category.join('.'),
    msg: text(record.message),
    ...properties(record),
  });
}

function readableLine(record: LogRecord): string {
  const time = new Date(record.timestamp).toISOString().slice(11, 23);
  const extra = Object.entries(properties(record)).map(
    ([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return `${time} ${record.level.toUpperCase().padEnd(7)} ${record.category.slice(1).join('.')}: ${text(record.message)}${extra.join('')}`;
}

const METHOD: Record<LogLevel, 'debug' | 'info' | 'warn' | 'error'> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  error: 'error',
  fatal: 'error',
};

function sink(record: LogRecord) {
  // The one place that writes to the console: stdout/stderr is what every platform collects.
  // eslint-disable-next-line no-console
  console[METHOD[record.level]](production ? jsonLine(record) : readableLine(record));
}

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
