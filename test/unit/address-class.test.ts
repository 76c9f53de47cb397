import { describe, expect, it } from 'vitest';
import { classifierWithPublic, classifyAddress, classifyHostname } from '../../src/workers/http/address-class';

describe('classifyAddress', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', '::127.0.0.1', '[::1]',
  ])('%s is private', (address) => {
    expect(classifyAddress(address)).toBe('private');
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('%s is public', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });

  it('refuses anything that is not an address', () => {
    expect(classifyAddress('example.org')).toBe('private');
  });
});

describe('classifyHostname', () => {
  it('classifies the URL parser\'s forms of IP literals and the localhost names without DNS', () => {
    for (const url of ['http://0x7f.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://127.1/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://LOCALHOST./', 'http://app.localhost/']) {
      expect(classifyHostname(new URL(url).hostname, classifyAddress), url).toBe('private');
    }
    expect(classifyHostname('example.org', classifyAddress)).toBe('unresolved');
    expect(classifyHostname('93.184.216.34', classifyAddress)).toBe('public');
  });
});

describe('the publicAddresses test seam', () => {
  it('treats only the listed addresses as public', () => {
    const classify = classifierWithPublic(['127.0.0.2', '::2']);
    expect(classify('127.0.0.2')).toBe('public');
    expect(classify('[::2]')).toBe('public');
    expect(classify('127.0.0.1')).toBe('private');
    expect(classifierWithPublic(undefined)).toBe(classifyAddress);
  });
});
