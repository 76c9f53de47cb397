import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Protocol } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_CSP } from '../../src/main/desktop/content-security-policy';
import { APP_SCHEME_PRIVILEGES, handleAppProtocol } from '../../src/main/desktop/app-protocol';

// The app:// handler against a real folder of built files and a fake `protocol`.

let root: string;
let renderer: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'th-protocol-'));
  renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Trigger Happy</title>');
  writeFileSync(join(renderer, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'not for the page');
  const protocol = {
    handle: (scheme: string, serve: (request: Request) => Promise<Response>) => {
      expect(scheme).toBe('app');
      handler = serve;
    },
  };
  handleAppProtocol(protocol as unknown as Protocol, renderer);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('serves the renderer with our CSP and the right type', async () => {
    const response = await handler(new Request('app://trigger-happy/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Trigger Happy</title>');
    const script = await handler(new Request('app://trigger-happy/assets/index.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for files outside the renderer and for missing files', async () => {
    expect((await handler(new Request('app://trigger-happy/..%2fsecret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://trigger-happy/assets/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
  });
});
