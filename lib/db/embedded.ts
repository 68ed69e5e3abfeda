import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A PID lock: two processes on one PGlite folder silently lose writes. */
function acquireLock(lockFile: string): () => void {
  const owner = Number(fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : NaN);
  if (owner && owner !== process.pid && isRunning(owner)) {
    throw new Error(
      `The embedded database in ${path.dirname(lockFile)} is already open in process ${owner} (another \`npm run dev\` or \`npm start\`?). Fix: stop that process, or set DATA_DIR to another folder`,
    );
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

/**
 * Opens PGlite in `${dataDir}/pglite` (or in memory) and serves it over the
 * Postgres wire protocol on 127.0.0.1, so the app, migrations and tools all
 * speak `pg` while exactly one process owns the files.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  let release = () => {};
  let db: PGlite;
  if (options.dataDir) {
    const folder = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(options.dataDir, { recursive: true });
    release = acquireLock(path.join(options.dataDir, 'pglite.lock'));
    db = new PGlite(folder);
  } else {
    db = new PGlite();
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: 64 });
  try {
    await server.start();
  } catch (error) {
    release();
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EADDRINUSE'
      ? new Error(`Port ${options.port} is in use, so the embedded database cannot listen there. Fix: free the port or choose another`)
      : error;
  }
  const address = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${address}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
      release();
    },
  };
}
