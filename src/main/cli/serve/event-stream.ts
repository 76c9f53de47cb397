import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_NAMES } from '../../../shared/contract';
import type { Engine } from '../../engine/engine-api';

// `GET /api/events`: every ContractEvents name as a server-sent event (`event: <name>`, `data:
// <json>`). A comment line every HEARTBEAT_MS keeps proxies and idle timeouts from closing the
// stream and lets a dead peer be noticed; listeners are removed as soon as the peer goes away.

const HEARTBEAT_MS = 15_000;
/** A client that stops reading is dropped rather than buffered without bound; EventSource reconnects. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface EventStreams {
  open(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open stream (server shutdown). */
  closeAll(): void;
  readonly size: number;
}

export function createEventStreams(engine: Pick<Engine, 'on'>, heartbeatMs = HEARTBEAT_MS): EventStreams {
  const open = new Set<() => void>();

  return {
    get size() {
      return open.size;
    },
    open(req, res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      res.socket?.setNoDelay(true);

      const send = (chunk: string): void => {
        if (res.writableEnded || res.destroyed) return;
        if (res.writableLength > MAX_BUFFERED_BYTES) {
          cleanup();
          res.destroy();
          return;
        }
        res.write(chunk);
      };
      const unsubscribes = EVENT_NAMES.map((name) =>
        engine.on(name, (payload) => send(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
      );
      const heartbeat = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), heartbeatMs);
      heartbeat.unref();

      let cleaned = false;
      const cleanup = (): void => {
        if (cleaned) return;
        cleaned = true;
        clearInterval(heartbeat);
        for (const unsubscribe of unsubscribes) unsubscribe();
        open.delete(end);
      };
      const end = (): void => {
        cleanup();
        if (!res.writableEnded) res.end();
      };
      open.add(end);
      req.on('close', cleanup);
      res.on('close', cleanup);
      res.on('error', cleanup);
    },
    closeAll() {
      for (const end of [...open]) end();
    },
  };
}
