import fs from 'node:fs';
import path from 'node:path';

/**
 * An append-only file of JSON lines: what the store and the webhook outbox
 * write on every change, instead of rewriting a whole file (which made each
 * write cost as much as all the data). One change is one line, written with
 * one append, so it is there or not: a process killed mid-append leaves at
 * most a torn last line, which opening drops (and cuts off the file).
 */
export class Journal {
  private constructor(
    readonly file: string,
    private size: number,
  ) {}

  /** Opens `file` (none yet: empty) and returns its complete lines, parsed, in order. */
  static open(file: string): { journal: Journal; lines: unknown[] } {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return { journal: new Journal(file, 0), lines: [] };
    }
    const complete = text.lastIndexOf('\n') + 1;
    const lines = text
      .slice(0, complete)
      .split('\n')
      .filter(Boolean)
      .map((line, index) => {
        try {
          return JSON.parse(line) as unknown;
        } catch (error) {
          throw new Error(
            `${file} line ${index + 1} is unreadable (${(error as Error).message}). Fix: delete it and the file beside it; the stand-in then starts over`,
          );
        }
      });
    const size = Buffer.byteLength(text.slice(0, complete));
    // A torn last line (killed mid-append) was never acknowledged: cut it off, so the next append starts a line.
    if (complete < text.length) fs.truncateSync(file, size);
    return { journal: new Journal(file, size), lines };
  }

  /** Bytes written since the journal was last emptied. */
  get bytes(): number {
    return this.size;
  }

  append(line: string) {
    const data = `${line}\n`;
    if (!this.size) fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, data, { mode: 0o600 });
    this.size += Buffer.byteLength(data);
  }

  /** Rewrites the journal with these lines alone, atomically. */
  replace(lines: string[]) {
    const data = lines.map((line) => `${line}\n`).join('');
    writeFileAtomic(this.file, data);
    this.size = Buffer.byteLength(data);
  }

  /** Empties the journal once a snapshot holds everything in it. */
  clear() {
    if (!this.size) return;
    fs.truncateSync(this.file, 0);
    this.size = 0;
  }
}

/** Writes `file` whole, atomically: a temporary file renamed over it (a kill leaves the old or the new one). */
export function writeFileAtomic(file: string, data: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
