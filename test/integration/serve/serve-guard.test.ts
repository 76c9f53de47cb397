import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../../../src/main/cli/serve/serve';
import { createFakeEngine } from '../../browser/support/fake-engine';

// The guard of `trigger-happy serve`, over real sockets: token, Host, API header, no CORS, no path
// traversal, body limits, and the event stream's cleanup. The engine is the in-memory fake.

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('serve guard', () => {
  let dir: string;
  let handle: ServeHandle;
  let port: number;
  let token: string;
  let cookie: string;
  const engine = createFakeEngine();
  const api = () => ({ cookie, 'x-trigger-happy': '1', 'content-type': 'application/json' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'th-serve-'));
    await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.js'), 'SECRET');
    handle = await startServe(engine, { rendererDir: join(dir, 'renderer'), port: 0 });
    const url = new URL(handle.url);
    port = Number(url.port);
    token = url.searchParams.get('token') ?? '';
    const login = await send(port, `/?token=${token}`);
    expect(login.status).toBe(303);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0] ?? '';
  });

  afterAll(async () => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('binds loopback and prints a URL with a long random token', () => {
    expect(new URL(handle.url).hostname).toBe('127.0.0.1');
    expect(token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses every request without the token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/api/events']) {
      expect((await send(port, path)).status).toBe(401);
    }
    const invoke = await send(port, '/api/invoke/triggers.list', { method: 'POST', headers: { 'x-trigger-happy': '1' }, body: '{}' });
    expect(invoke.status).toBe(401);
    expect(engine.calls).toHaveLength(0);
  });

  it('refuses a wrong token in the URL, a cookie or a bearer header', async () => {
    expect((await send(port, '/?token=nope')).status).toBe(403);
    expect((await send(port, '/', { headers: { cookie: `th_session_${port}=nope` } })).status).toBe(401);
    expect((await send(port, '/', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('serves the page with the session cookie, with CSP, nosniff and no-referrer', async () => {
    const page = await send(port, '/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>t</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses a Host that is not the bound address (DNS rebinding), even with the token', async () => {
    const rebound = await send(port, '/', { headers: { cookie, host: `attacker.example:${port}` } });
    expect(rebound.status).toBe(421);
    const login = await send(port, `/?token=${token}`, { headers: { host: `attacker.example:${port}` } });
    expect(login.status).toBe(421);
    expect(login.headers['set-cookie']).toBeUndefined();
  });

  it('sends no CORS headers, not even to a preflight', async () => {
    const origin = 'http://attacker.example';
    const preflight = await send(port, '/api/invoke/triggers.list', {
      method: 'OPTIONS',
      headers: { cookie, origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-trigger-happy' },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    const reply = await send(port, '/api/invoke/triggers.list', { method: 'POST', headers: { ...api(), origin }, body: '{}' });
    expect(reply.status).toBe(403);
    for (const r of [preflight, reply]) {
      expect(Object.keys(r.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses API calls without the custom header or marked cross-site', async () => {
    const form = await send(port, '/api/invoke/engine.pause', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(403);
    const crossSite = await send(port, '/api/invoke/engine.pause', { method: 'POST', headers: { ...api(), 'sec-fetch-site': 'cross-site' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    expect(engine.calls.filter((call) => call.channel === 'engine.pause')).toHaveLength(0);
  });

  it('answers invoke with the contract Result, errors as data', async () => {
    const created = await send(port, '/api/invoke/triggers.create', {
      method: 'POST',
      headers: api(),
      body: JSON.stringify({ name: 'Blog', provider: { service: 'rss', params: { url: 'http://127.0.0.1:1/feed' } }, consumer: { service: 'webhook', params: { url: 'http://127.0.0.1:2/', secret: 'whsec_c2VjcmV0' } } }),
    });
    expect(created.status).toBe(200);
    const result = JSON.parse(created.body) as { ok: boolean; value: { id: number } };
    expect(result.ok).toBe(true);
    expect(created.body).not.toContain('whsec_c2VjcmV0');

    const invalid = JSON.parse((await send(port, '/api/invoke/triggers.create', { method: 'POST', headers: api(), body: JSON.stringify({ name: '' }) })).body) as {
      ok: boolean;
      error: { code: string; issues: unknown[] };
    };
    expect(invalid.ok).toBe(false);
    expect(invalid.error.code).toBe('invalid-argument');
    expect(invalid.error.issues.length).toBeGreaterThan(0);

    const unknown = await send(port, '/api/invoke/nope.nope', { method: 'POST', headers: api(), body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'not-found' } });

    const badJson = await send(port, '/api/invoke/triggers.list', { method: 'POST', headers: api(), body: '{' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body)).toMatchObject({ ok: false });

    const get = await send(port, '/api/invoke/triggers.list', { headers: api() });
    expect(get.status).toBe(405);
  });

  it('accepts a bearer token for scripts', async () => {
    const reply = await send(port, '/api/invoke/engine.status', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-trigger-happy': '1' } });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true });
  });

  it('limits the body size', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });
    const reply = await send(port, '/api/invoke/triggers.list', { method: 'POST', headers: api(), body: big }).catch((error: NodeJS.ErrnoException) => ({
      status: error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 413 : 0,
      headers: {},
      body: '',
    }));
    expect(reply.status).toBe(413);
  });

  it('refuses path traversal and dot-files', async () => {
    for (const path of ['/../secret.js', '/assets/../../secret.js', '/%2e%2e/secret.js', '/assets/%2e%2e%2f%2e%2e%2fsecret.js', '/.hidden.js']) {
      const reply = await send(port, path, { headers: { cookie } });
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('SECRET');
    }
    expect((await send(port, '/assets/app.js', { headers: { cookie } })).status).toBe(200);
  });

  it('streams contract events and removes its listeners on disconnect', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}`, cookie } }, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes('event: triggers:changed')) {
            req.destroy();
            resolve(text);
          }
        });
        // The listeners are attached before the headers go out.
        expect(engine.listenerCount('run:added')).toBe(1);
        engine.emit('triggers:changed', { ids: [7] });
      });
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.end();
    });
    expect(received).toContain('data: {"ids":[7]}');
    await new Promise((r) => setTimeout(r, 100));
    for (const name of ['run:added', 'items:new', 'engine:status', 'triggers:changed', 'trigger:paused'] as const) {
      expect(engine.listenerCount(name), name).toBe(0);
    }
  });
});
