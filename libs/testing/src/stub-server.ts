import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubServer {
  url: string;
  /** "METHOD /path" of every request, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** A bare HTTP server on a chosen loopback address (127.0.0.2 stands in for an internal host) that records every request. */
export async function startStubServer(host: string, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<StubServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
