/**
 * The one line format of the app's logs, shared by the LogTape logger (./index.ts) and the
 * middleware's (./edge.ts): a JSON object per line in production, a readable line otherwise.
 */
export type Level = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'fatal';

export interface Line {
  level: Level;
  /** `['app', 'webhooks']` */
  category: readonly string[];
  message: string;
  properties: Record<string, unknown>;
  timestamp: number;
}

export const production = process.env.NODE_ENV === 'production';

/** Errors keep their name and message (the stack only in development): a thrown value never becomes `{}`. */
export function serializable(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return production ? { name: value.name, message: value.message } : { name: value.name, message: value.message, stack: value.stack };
}

const fields = (properties: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, serializable(value)]));

/** `{"level":"error","time":"…","logger":"app.http","msg":"…",…properties}`, or `22:10:03.120 ERROR   http: … key=value`. */
export function formatLine({ level, category, message, properties, timestamp }: Line): string {
  if (production) {
    return JSON.stringify({
      level,
      time: new Date(timestamp).toISOString(),
      logger: category.join('.'),
      msg: message,
      ...fields(properties),
    });
  }
  const time = new Date(timestamp).toISOString().slice(11, 23);
  const extra = Object.entries(fields(properties)).map(
    ([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return `${time} ${level.toUpperCase().padEnd(7)} ${category.slice(1).join('.')}: ${message}${extra.join('')}`;
}

const METHOD = { trace: 'debug', debug: 'debug', info: 'info', warning: 'warn', error: 'error', fatal: 'error' } as const;

/** The one place that writes to the console: stdout/stderr is what every platform collects. */
export function writeLine(line: Line): void {
  // eslint-disable-next-line no-console
  console[METHOD[line.level]](formatLine(line));
}
