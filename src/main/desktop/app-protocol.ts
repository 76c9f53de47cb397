import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { PRODUCTION_CSP } from './content-security-policy';
import { rendererFile } from './renderer-files';

// The app:// scheme that serves the built renderer. It must be registered as privileged before
// the app is ready (standard: a real origin, relative URLs and module scripts work; secure: treated
// like https), and handled after.

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

export function handleAppProtocol(protocol: Protocol, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFile(rendererRoot, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    try {
      const body = await readFile(file.path);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': file.contentType,
          'content-security-policy': PRODUCTION_CSP,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    }
  });
}
