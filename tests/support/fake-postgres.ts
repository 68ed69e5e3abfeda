/**
 * A server that speaks just enough of the Postgres wire protocol to refuse a
 * connection the way a real server does: it declines SSL, reads the startup
 * message and answers one FATAL ErrorResponse with the given SQLSTATE. Lets tests
 * reproduce faults the local trust-auth Postgres cannot (a wrong password, a
 * server that demands SSL).
 */
import net from 'node:net';

const SSL_REQUEST_CODE = 80877103;

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat(
    [
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', code],
      ['M', message],
    ].map(([type, value]) => Buffer.from(`${type}${value}\0`, 'utf8')),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

export interface FakePostgres {
  url: string;
  close(): Promise<void>;
}

export async function startFakePostgres(error: { code: string; message: string }): Promise<FakePostgres> {
  const server = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readInt32BE(0)) {
        const length = buffered.readInt32BE(0);
        const code = buffered.readInt32BE(4);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST_CODE) socket.write('N');
        else socket.end(errorResponse(error.code, error.message));
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgres://app:secret@127.0.0.1:${port}/app`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
