import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../../engine/engine-api';
import { createEventStreams } from './event-stream';
import { handleInvoke, INVOKE_PREFIX } from './invoke-route';
import { judgeRequest, sessionCookie, type GuardConfig } from './request-guard';
import { sendText, setSecurityHeaders } from './security-headers';
import { serveStaticFile } from './static-files';

// `trigger-happy serve`: the built renderer plus the contract over HTTP (invoke) and server-sent
// events, for a browser on this machine (or, when told to bind elsewhere, a home server). Every
// request passes the guard first (token, Host, custom API header); see request-guard.ts.
// The caller owns the engine: it starts it before and stops it after `close()`.

export interface ServeOptions {
  /** Defaults to 127.0.0.1; anything else is the user's explicit choice. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Fixed token for tests; normally 32 random bytes. */
  token?: string;
}

export interface ServeHandle {
  /** The address to open, with the token: http://127.0.0.1:PORT/?token=… */
  url: string;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServe(engine: Pick<Engine, 'handlers' | 'on'>, options: ServeOptions): Promise<ServeHandle> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(32).toString('base64url');
  const streams = createEventStreams(engine);
  let guard: GuardConfig | null = null;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    if (!guard) {
      sendText(res, 503, 'Starting');
      return;
    }
    const verdict = judgeRequest(req, guard);
    if (verdict.kind === 'refuse') {
      sendText(res, verdict.status, verdict.reason);
      return;
    }
    if (verdict.kind === 'login') {
      res.writeHead(303, { Location: verdict.location, 'Set-Cookie': sessionCookie(guard), 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname.startsWith(INVOKE_PREFIX)) {
      await handleInvoke(req, res, engine.handlers);
    } else if (pathname === '/api/events') {
      if (req.method !== 'GET') sendText(res, 405, 'Method not allowed', { Allow: 'GET' });
      else streams.open(req, res);
    } else if (pathname.startsWith('/api/')) {
      sendText(res, 404, 'Not found');
    } else {
      await serveStaticFile(req, res, options.rendererDir);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Handlers return errors as data; this is only reached by a transport bug, so say little.
      process.stderr.write(`serve: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  guard = { token, boundHost: host, port };

  return {
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    async close() {
      streams.closeAll();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
