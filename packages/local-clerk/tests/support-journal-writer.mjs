// Writes users into the store at argv[2] until killed, printing each id once its change has returned (acknowledged).
// Each user carries 8 KiB of metadata, so the journal outgrows the snapshot and compactions happen while it runs.
import { register } from 'tsx/esm/api';

register();
const { LocalClerkStore } = await import('../src/store/index.ts');
const store = LocalClerkStore.open(process.argv[2]);
const padding = 'x'.repeat(8192);
for (let i = 0; ; i++) {
  const user = store.users.create({ emailAddresses: [`writer-${process.pid}-${i}@example.test`], publicMetadata: { i, padding } });
  store.users.update(user.id, { firstName: `Writer ${i}` });
  process.stdout.write(`${user.id} ${i}\n`);
  if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
}
