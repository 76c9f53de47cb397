import { describe, expect, it, vi } from 'vitest';

// The app's only shell.openExternal call, against a fake shell.

const opened = vi.hoisted(() => [] as string[]);
vi.mock('electron', () => ({
  shell: {
    openExternal: (url: string) => {
      opened.push(url);
      return Promise.resolve();
    },
  },
}));

const { openLink } = await import('../../src/main/desktop/open-link');

describe('openLink', () => {
  it('opens a checked http(s) link, normalised', () => {
    opened.length = 0;
    openLink('https://example.org/a b', () => undefined);
    expect(opened).toEqual(['https://example.org/a%20b']);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'https://user@host.example/'])('refuses %s at the sink', (url) => {
    opened.length = 0;
    const logged: string[] = [];
    openLink(url, (message) => logged.push(message));
    expect(opened).toEqual([]);
    expect(logged).toEqual(['refused to open a link that is not a plain http(s) URL']);
  });
});
