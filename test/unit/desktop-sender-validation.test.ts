import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, trustedOrigins } from '../../src/main/desktop/app-origin';
import { validateSender } from '../../src/main/desktop/sender-validation';

const production = trustedOrigins(undefined);
const development = trustedOrigins('http://localhost:5173');
const ours = { url: APP_ENTRY_URL, isMainFrame: true, fromAppWindow: true };

describe('validateSender', () => {
  it('trusts the top frame of our page in our window', () => {
    expect(validateSender(ours, production)).toEqual({ trusted: true });
    expect(validateSender({ ...ours, url: 'app://trigger-happy/triggers' }, production)).toEqual({ trusted: true });
  });

  it.each([
    ['a frame that is gone', null, 'the sending frame is gone'],
    ['another window', { ...ours, fromAppWindow: false }, 'not sent from the app window'],
    ['an iframe of our page', { ...ours, isMainFrame: false }, 'sent from a subframe'],
    ['a remote page', { ...ours, url: 'https://example.org/' }, 'untrusted origin (https:)'],
    ['a local file', { ...ours, url: 'file:///home/me/evil.html' }, 'untrusted origin (file:)'],
    ['a data: page', { ...ours, url: 'data:text/html,<script>1</script>' }, 'untrusted origin (data:)'],
    ['about:blank', { ...ours, url: 'about:blank' }, 'untrusted origin (about:)'],
    ['the dev server in production', { ...ours, url: 'http://localhost:5173/' }, 'untrusted origin (http:)'],
    ['an unparseable URL', { ...ours, url: '::::' }, 'untrusted origin (unparseable URL)'],
  ])('refuses %s', (_name, facts, reason) => {
    expect(validateSender(facts, production)).toEqual({ trusted: false, reason });
  });

  it('trusts the loopback dev server only in development', () => {
    expect(validateSender({ ...ours, url: 'http://localhost:5173/' }, development)).toEqual({ trusted: true });
    expect(validateSender({ ...ours, url: 'http://localhost:5173/' }, production).trusted).toBe(false);
  });
});
