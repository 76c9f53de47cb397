import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererFile } from '../../src/main/desktop/renderer-files';

const root = resolve('/app/out/renderer');

describe('app:// requests to renderer files', () => {
  it.each([
    ['app://trigger-happy/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://trigger-happy/', 'index.html', 'text/html; charset=utf-8'],
    ['app://trigger-happy', 'index.html', 'text/html; charset=utf-8'],
    ['app://trigger-happy/triggers', 'index.html', 'text/html; charset=utf-8'],
    ['app://trigger-happy/assets/index-abc.js', 'assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://trigger-happy/assets/index-abc.css?v=1', 'assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://trigger-happy/assets/a%20b.png', 'assets/a b.png', 'image/png'],
  ])('%s → %s', (url, file, contentType) => {
    expect(rendererFile(root, url)).toEqual({ path: join(root, file), contentType });
  });

  // The URL parser resolves dot segments, plain or percent-encoded, before we see the path.
  it.each([
    ['app://trigger-happy/../main/index.js', 'main/index.js'],
    ['app://trigger-happy/%2e%2e/%2e%2e/package.json', 'package.json'],
  ])('keeps %s inside the renderer folder', (url, file) => {
    expect(rendererFile(root, url)?.path).toBe(join(root, file));
  });

  it.each([
    ['encoded slash and dots', 'app://trigger-happy/assets%2f..%2f..%2f..%2fetc%2fpasswd.txt'],
    ['encoded backslash', 'app://trigger-happy/..%5c..%5cmain%5cindex.js'],
    ['NUL byte', 'app://trigger-happy/index.html%00.png'],
    ['malformed escape', 'app://trigger-happy/%E0%A4%A'],
    ['another host', 'app://elsewhere/index.html'],
    ['another scheme', 'file:///app/out/renderer/index.html'],
    ['unknown file type', 'app://trigger-happy/evil.exe'],
    ['not a URL', 'nonsense'],
  ])('refuses %s', (_name, url) => {
    expect(rendererFile(root, url)).toBeNull();
  });
});
