import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContractHandlers } from '../../../shared/contract';
import { isChannel } from '../../../shared/contract';
import { dispatch } from '../../../shared/dispatch';
import type { Result } from '../../../shared/result';
import { BodyError, readJsonBody } from './json-body';
import { sendText } from './security-headers';

// `POST /api/invoke/<channel>`: the body is the channel's single argument as JSON; the answer is the
// contract's Result as JSON, errors included (status 200: errors are data, as over IPC). Transport
// failures (bad JSON, too big, unknown channel) get their HTTP status with a Result body too, so the
// window's client always has a Result to show.

export const INVOKE_PREFIX = '/api/invoke/';

/** OPML documents may be up to 20 MiB (contract); everything else is a few kilobytes. */
const OPML_BODY_LIMIT = 21 * 1024 * 1024 + 64 * 1024;
const DEFAULT_BODY_LIMIT = 1024 * 1024;

function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

export async function handleInvoke(req: IncomingMessage, res: ServerResponse, handlers: ContractHandlers): Promise<void> {
  if (req.method !== 'POST') {
    sendText(res, 405, 'Method not allowed', { Allow: 'POST' });
    return;
  }
  const pathname = (req.url ?? '').split('?')[0] ?? '';
  const channel = decodeURIComponent(pathname.slice(INVOKE_PREFIX.length));
  if (!isChannel(channel)) {
    sendResult(res, 404, { ok: false, error: { code: 'not-found', message: `Unknown channel "${channel}"` } });
    return;
  }
  let args: unknown;
  try {
    args = await readJsonBody(req, channel === 'opml.import' ? OPML_BODY_LIMIT : DEFAULT_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyError) {
      sendResult(res, error.status, { ok: false, error: { code: 'invalid-argument', message: error.message } });
      return;
    }
    throw error;
  }
  sendResult(res, 200, await dispatch(handlers, channel, args));
}
