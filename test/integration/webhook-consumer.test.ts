import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/shared/models';
import type { TaskContext } from '../../src/workers/services/service';
import { webhookConsumer } from '../../src/workers/services/webhook/webhook-consumer';
import type { PublishResult } from '../../src/workers/tasks';
import { startServer } from '../support/loopback-server';
import type { LoopbackHandler, LoopbackServer } from '../support/loopback-server';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function context(timeoutMs = 5_000): TaskContext {
  return {
    http: { userAgent: 'TriggerHappyTest/1.0', timeoutMs, maxBodyBytes: 1 << 20, maxRedirects: 5 },
    signal: new AbortController().signal,
  };
}

const item: FeedItem = {
  key: 'https://example.org/posts/1',
  title: 'Hello, "webhook" – été',
  url: 'https://example.org/posts/1',
  contentHtml: '<p>Body</p>',
  contentText: 'Body',
  author: 'Ann',
  published: '2024-05-01T10:00:00Z',
  tags: ['news'],
  source: 'Example blog',
};

/** Verifies a delivery the way a Standard Webhooks receiver does, from the raw body it received. */
function signatureValid(headers: IncomingHttpHeaders, rawBody: string, secret: string): boolean {
  const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = headers;
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return signature.split(' ').some((entry) => {
    const given = Buffer.from(entry.replace(/^v1,/, ''), 'base64');
    return entry.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const servers: LoopbackServer[] = [];

async function receiver(handler: LoopbackHandler): Promise<LoopbackServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function publish(url: string, options: { secret?: string; key?: string; ctx?: TaskContext } = {}): Promise<PublishResult> {
  if (!webhookConsumer.publish) throw new Error('webhook has no publish');
  const params: Record<string, unknown> = { url };
  if (options.secret !== undefined) params.secret = options.secret;
  return webhookConsumer.publish(options.ctx ?? context(), {
    params,
    account: null,
    item,
    text: 'Hello, "webhook" – été https://example.org/posts/1',
    idempotencyKey: options.key ?? 'trigger-3:item-42',
    triggerName: 'Blog to n8n',
  });
}

function respond(status: number, body = '', headers: Record<string, string> = {}): LoopbackHandler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

describe('webhook consumer', () => {
  it('POSTs the item as signed JSON and succeeds on 200', async () => {
    let verified = false;
    const server = await receiver((req, res, body) => {
      verified = signatureValid(req.headers, body, SECRET);
      res.writeHead(verified ? 200 : 401).end();
    });
    const before = Math.floor(Date.now() / 1000);
    const result = await publish(`${server.url}/hooks/th`, { secret: SECRET });
    expect(result).toEqual({ ok: true, host: `127.0.0.1:${server.port}` });
    expect(verified).toBe(true);

    const [received] = server.requests;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe('/hooks/th');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['user-agent']).toBe('TriggerHappyTest/1.0');
    expect(received?.headers['webhook-id']).toBe('trigger-3:item-42');
    expect(received?.headers['idempotency-key']).toBe('trigger-3:item-42');
    const timestamp = Number(received?.headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const hub = createHmac('sha256', SECRET).update(received?.body ?? '').digest('hex');
    expect(received?.headers['x-hub-signature-256']).toBe(`sha256=${hub}`);
    expect(JSON.parse(received?.body ?? '')).toEqual({
      type: 'item.new',
      trigger: 'Blog to n8n',
      item: {
        key: item.key,
        title: item.title,
        url: item.url,
        published: item.published,
        author: item.author,
        tags: item.tags,
        source: item.source,
        contentText: item.contentText,
        contentHtml: item.contentHtml,
      },
      text: 'Hello, "webhook" – été https://example.org/posts/1',
    });
  });

  it('sends the Idempotency-Key but no signature without a secret', async () => {
    const server = await receiver(respond(204));
    expect(await publish(server.url)).toMatchObject({ ok: true });
    const headers = server.requests[0]?.headers ?? {};
    expect(headers['idempotency-key']).toBe('trigger-3:item-42');
    expect(headers['webhook-id']).toBe('trigger-3:item-42');
    expect(headers['webhook-signature']).toBeUndefined();
    expect(headers['x-hub-signature-256']).toBeUndefined();
  });

  it('takes the id a receiver returns with 201 as the remote id', async () => {
    const server = await receiver(respond(201, JSON.stringify({ id: 'evt_123', status: 'queued' }), { 'content-type': 'application/json' }));
    expect(await publish(server.url, { secret: SECRET })).toEqual({ ok: true, remoteId: 'evt_123', host: `127.0.0.1:${server.port}` });
    const numeric = await receiver(respond(200, '{"id": 42}'));
    expect(await publish(numeric.url)).toMatchObject({ ok: true, remoteId: '42' });
    const notJson = await receiver(respond(200, 'OK'));
    expect(await publish(notJson.url)).not.toHaveProperty('remoteId');
  });

  it('carries the same key on a retry, so a deduplicating receiver acts once', async () => {
    const seen = new Set<string>();
    let acted = 0;
    let calls = 0;
    const server = await receiver((req, res, body) => {
      calls += 1;
      if (!signatureValid(req.headers, body, SECRET)) return void res.writeHead(401).end();
      // The first delivery is processed but its answer is lost (as when we crash or time out).
      const id = String(req.headers['webhook-id']);
      if (!seen.has(id)) {
        seen.add(id);
        acted += 1;
      }
      if (calls === 1) return void res.writeHead(503, { 'retry-after': '1' }).end('try later');
      res.writeHead(200).end();
    });
    const first = await publish(server.url, { secret: SECRET });
    expect(first).toMatchObject({ ok: false, error: { kind: 'rate-limited', status: 503, retryAfterMs: 1000, permanent: false } });
    const retry = await publish(server.url, { secret: SECRET });
    expect(retry).toMatchObject({ ok: true });
    expect(server.requests.map((request) => request.headers['webhook-id'])).toEqual(['trigger-3:item-42', 'trigger-3:item-42']);
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual(['trigger-3:item-42', 'trigger-3:item-42']);
    expect(server.requests[0]?.body).toBe(server.requests[1]?.body);
    expect(acted).toBe(1);
  });

  it('treats 404 and 410 as a gone endpoint that pauses the trigger', async () => {
    const missing = await receiver(respond(404, 'no such hook'));
    expect(await publish(missing.url)).toEqual({
      ok: false,
      error: { kind: 'gone', message: `HTTP 404 Not Found from 127.0.0.1:${missing.port}`, status: 404, host: `127.0.0.1:${missing.port}`, permanent: true },
    });
    const gone = await receiver(respond(410));
    expect(await publish(gone.url)).toMatchObject({ ok: false, error: { kind: 'gone', status: 410, permanent: true } });
  });

  it('retries 429 after the Retry-After the receiver asked for', async () => {
    const server = await receiver(respond(429, '{"error":"slow down"}', { 'retry-after': '30' }));
    expect(await publish(server.url)).toMatchObject({
      ok: false,
      error: { kind: 'rate-limited', status: 429, retryAfterMs: 30_000, permanent: false, host: `127.0.0.1:${server.port}` },
    });
  });

  it('retries 500 and 408 with the status and an excerpt of the body', async () => {
    const failing = await receiver(respond(500, 'database down'));
    expect(await publish(failing.url)).toEqual({
      ok: false,
      error: { kind: 'http', message: `HTTP 500 Internal Server Error from 127.0.0.1:${failing.port}: database down`, status: 500, host: `127.0.0.1:${failing.port}`, permanent: false },
    });
    const timeout = await receiver(respond(408));
    expect(await publish(timeout.url)).toMatchObject({ ok: false, error: { kind: 'http', status: 408, permanent: false } });
  });

  it('rejects the item for good on another 4xx, quoting a short clean excerpt of the body', async () => {
    const hostile = `bad\u0000 payload\u001b[31m\u202Eevil\r\nline ${'x'.repeat(1000)}`;
    const server = await receiver(respond(422, hostile));
    const result = await publish(server.url);
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 422, permanent: true } });
    if (result.ok) return;
    const prefix = `HTTP 422 Unprocessable Entity from 127.0.0.1:${server.port}: `;
    expect(result.error.message.startsWith(prefix)).toBe(true);
    const excerpt = result.error.message.slice(prefix.length);
    expect(excerpt.startsWith('bad payload [31m evil line xxx')).toBe(true);
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(200);
    expect(result.error.message).not.toMatch(/[\p{Cc}\u202e]/u);
  });

  it('pauses the trigger when the receiver refuses our signature', async () => {
    const server = await receiver((req, res, body) => {
      res.writeHead(signatureValid(req.headers, body, SECRET) ? 200 : 401).end('bad signature');
    });
    const wrongSecret = 'whsec_' + Buffer.from('another secret entirely').toString('base64');
    expect(await publish(server.url, { secret: wrongSecret })).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401, permanent: true } });
  });

  it('gives up at the deadline on a receiver that never answers, as a retryable timeout', async () => {
    const server = await receiver(() => {
      // Never respond.
    });
    const started = Date.now();
    const result = await publish(server.url, { ctx: context(400) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', permanent: false } });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a closed port as a retryable network error', async () => {
    const server = await receiver(respond(200));
    const { url } = server;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    expect(await publish(url)).toMatchObject({ ok: false, error: { kind: 'network', permanent: false } });
  });

  it('follows a 307 with the body, but refuses a redirect that would turn the POST into a GET', async () => {
    const moved = await receiver((req, res, body) => {
      if (req.url === '/old') return void res.writeHead(307, { location: '/new' }).end();
      res.writeHead(signatureValid(req.headers, body, SECRET) && body.length > 0 ? 200 : 400).end();
    });
    expect(await publish(`${moved.url}/old`, { secret: SECRET })).toMatchObject({ ok: true });

    const found = await receiver((req, res) => {
      if (req.url === '/old') return void res.writeHead(302, { location: '/landing' }).end();
      res.writeHead(200).end('a page');
    });
    const result = await publish(`${found.url}/old`);
    expect(result).toMatchObject({ ok: false, error: { kind: 'config', status: 302, permanent: true } });
    expect(found.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });

  it('refuses invalid settings without sending anything', async () => {
    expect(await publish('ftp://127.0.0.1/hook')).toMatchObject({ ok: false, error: { kind: 'config', permanent: true } });
    const server = await receiver(respond(200));
    expect(await publish(server.url, { secret: 'not base64!' })).toMatchObject({ ok: false, error: { kind: 'config', permanent: true } });
    expect(server.requests).toHaveLength(0);
  });
});
