import { production, writeLine, type Level } from './format';

type Log = (message: string, properties?: Record<string, unknown>) => void;

/**
 * The logger for code the edge middleware runs (lib/rate-limit): the calls and lines of
 * `logger()` (./index.ts) without LogTape, which would add about 10 KiB gzip to a middleware
 * with a byte budget (scripts/bundle-size.ts).
 */
export function edgeLogger(...category: string[]): { debug: Log; info: Log; warn: Log; error: Log } {
  const at =
    (level: Level): Log =>
    (message, properties = {}) => {
      if (level === 'debug' && production) return;
      writeLine({ level, category: ['app', ...category], message, properties, timestamp: Date.now() });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warning'), error: at('error') };
}
