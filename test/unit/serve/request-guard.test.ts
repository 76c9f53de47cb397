import { describe, expect, it } from 'vitest';
import { hostAllowed, parseHostHeader } from '../../../src/main/cli/serve/request-guard';
import { resolveStaticPath } from '../../../src/main/cli/serve/static-files';

const loopback = { token: 't', boundHost: '127.0.0.1', port: 4100 };

describe('Host check (DNS rebinding)', () => {
  it('parses names, IPv4 and bracketed IPv6 with ports', () => {
    expect(parseHostHeader('127.0.0.1:4100')).toEqual({ hostname: '127.0.0.1', port: 4100 });
    expect(parseHostHeader('[::1]:80')).toEqual({ hostname: '::1', port: 80 });
    expect(parseHostHeader('Example.COM')).toEqual({ hostname: 'example.com', port: null });
    expect(parseHostHeader('a b:1')).toBeNull();
    expect(parseHostHeader(undefined)).toBeNull();
  });

  it('accepts the bound address and loopback names on the bound port only', () => {
    expect(hostAllowed('127.0.0.1:4100', loopback)).toBe(true);
    expect(hostAllowed('localhost:4100', loopback)).toBe(true);
    expect(hostAllowed('[::1]:4100', loopback)).toBe(true);
    expect(hostAllowed('127.0.0.1:4101', loopback)).toBe(false);
    expect(hostAllowed('127.0.0.1', loopback)).toBe(false);
  });

  it('refuses names an attacker can point at us', () => {
    expect(hostAllowed('evil.example:4100', loopback)).toBe(false);
    expect(hostAllowed('127.0.0.1.nip.io:4100', loopback)).toBe(false);
    expect(hostAllowed('', loopback)).toBe(false);
  });

  it('on a wildcard bind accepts IP literals but still no foreign names', () => {
    const wildcard = { ...loopback, boundHost: '0.0.0.0' };
    expect(hostAllowed('192.168.1.20:4100', wildcard)).toBe(true);
    expect(hostAllowed('evil.example:4100', wildcard)).toBe(false);
  });
});

describe('static path resolution', () => {
  const root = '/srv/renderer';
  it('maps / to index.html and keeps files inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe('/srv/renderer/index.html');
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe('/srv/renderer/assets/index-abc.js');
  });
  it.each(['/../secret.txt', '/assets/../../etc/passwd', '/%2e%2e/secret.js', '/..%2fsecret.js', '/a%5c..%5csecret.js', '/.env', '/x%00.js', '/%E0%A4%A.js', '/file.exe'])(
    'refuses %s',
    (path) => {
      expect(resolveStaticPath(root, path)).toBeNull();
    },
  );
});
