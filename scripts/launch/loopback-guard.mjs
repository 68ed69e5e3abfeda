/**
 * Preloaded into Next by the launcher in local mode (NODE_OPTIONS=--import).
 * A route handler never sees the socket, and Next fills `x-forwarded-for` from
 * it only when the client sent none (`??=` in next/dist/server/base-server.js),
 * so every header is the client's word. This hook sits where the socket is
 * known: it drops connections whose peer is not loopback, whatever address Next
 * was bound to, and writes the socket's peer address to `x-local-mode-peer`
 * (replacing any the client sent), which the Frontend API proxy requires
 * (packages/local-clerk/src/proxy.ts).
 */
import net from 'node:net';

const PEER_HEADER = 'x-local-mode-peer';
const isLoopbackAddress = (address) => typeof address === 'string' && /^(::ffff:)?127(\.\d{1,3}){3}$|^::1$/i.test(address);

const emit = net.Server.prototype.emit;
net.Server.prototype.emit = function emitLoopbackOnly(event, ...args) {
  if (event === 'connection' && !isLoopbackAddress(args[0]?.remoteAddress)) {
    args[0]?.destroy();
    return true;
  }
  if (event === 'request' && args[0]?.headers) args[0].headers[PEER_HEADER] = args[0].socket?.remoteAddress ?? '';
  return emit.call(this, event, ...args);
};
