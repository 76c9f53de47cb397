import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A throwaway HTTP server on 127.0.0.x for tests that speak to real sockets. Anything in
// 127.0.0.0/8 answers on Linux, so 127.0.0.2, 127.0.0.3… act as separate hosts. Every request is
// logged (method, url, headers, body) so tests can assert what a client sent, and `close()`
// also ends connections a hostile handler left hanging.

export interface LoggedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** May return anything (`(req, res) => res.end('x')` is fine); a returned promise that rejects answers 500. */
export type LoopbackHandler = (req: IncomingMessage, res: ServerResponse, body: string) => unknown;

export interface LoopbackServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  host: string;
  port: number;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: LoopbackHandler, options: { host?: string; port?: number } = {}): Promise<LoopbackServer> {
  const host = options.host ?? '127.0.0.1';
  if (!host.startsWith('127.')) throw new Error(`Tests use loopback only, not ${host}`);
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      Promise.resolve()
        .then(() => handler(req, res, body))
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
