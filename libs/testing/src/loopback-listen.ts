import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Listens on 127.0.0.1 on a free port and keeps track of open sockets, because keep-alive and deliberately
 * hanging connections would otherwise hold server.close() open at the end of a test.
 */
export async function listenOnLoopback(server: Server): Promise<{ port: number; destroySockets(): void }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    destroySockets: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}
