import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

// Maps an `app://trigger-happy/...` request to a file of the built renderer, and nothing else:
// the handler of the custom scheme must not become a way to read arbitrary files (`..`, encoded
// separators, absolute paths, NUL bytes).

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export interface RendererFile {
  path: string;
  contentType: string;
}

/**
 * The file under `rendererRoot` that answers `requestUrl`, or null (404). Paths without an
 * extension are client-side routes and get index.html.
 */
export function rendererFile(rendererRoot: string, requestUrl: string): RendererFile | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname === '/' || extname(pathname) === '') pathname = '/index.html';
  const root = resolve(rendererRoot);
  const file = resolve(root, `.${pathname}`);
  if (!file.startsWith(root + sep)) return null;
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  return contentType ? { path: file, contentType } : null;
}
