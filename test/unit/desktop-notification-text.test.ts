import { describe, expect, it } from 'vitest';
import type { EngineNotification } from '../../src/main/engine/ports';
import { createDesktopNotifier, type NotificationLike } from '../../src/main/desktop/desktop-notifier';
import {
  escapeMarkup,
  MAX_BODY_GRAPHEMES,
  MAX_BODY_LINES,
  MAX_TITLE_GRAPHEMES,
  notificationText,
  truncateGraphemes,
} from '../../src/main/desktop/notification-text';

const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;

describe('notificationText', () => {
  it('escapes & < > in the body on Linux, where notification servers read markup', () => {
    const text = notificationText({ title: 'Tom & Jerry <3', body: 'Fish & chips <b>bold</b> > all' }, 'linux');
    expect(text.body).toBe('Fish &amp; chips &lt;b&gt;bold&lt;/b&gt; &gt; all');
    // The summary is plain text in the freedesktop spec: escaping it would show "&amp;".
    expect(text.title).toBe('Tom & Jerry <3');
  });

  it.each(['darwin', 'win32'] as const)('leaves text as text on %s, where nothing interprets markup', (platform) => {
    expect(notificationText({ title: 'A & B', body: '<i>x</i> & y' }, platform)).toEqual({ title: 'A & B', body: '<i>x</i> & y' });
  });

  it('escapes an entity-looking text once, not into a working entity', () => {
    expect(notificationText({ title: 't', body: '&lt;script&gt;' }, 'linux').body).toBe('&amp;lt;script&amp;gt;');
  });

  it('truncates a 10 KB title to one line of at most 80 graphemes', () => {
    const title = notificationText({ title: 'Breaking '.repeat(1200), body: '' }, 'linux').title;
    expect(graphemes(title)).toBe(MAX_TITLE_GRAPHEMES);
    expect(title.endsWith('…')).toBe(true);
    expect(title).not.toContain('\n');
  });

  it('truncates a 10 KB body of markup before escaping, so no entity is cut in half', () => {
    const body = notificationText({ title: 't', body: '<&>'.repeat(3500) }, 'linux').body;
    const unescaped = body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(graphemes(unescaped)).toBeLessThanOrEqual(MAX_BODY_GRAPHEMES);
    expect(body).toMatch(/^(?:&lt;|&amp;|&gt;)+…$/);
  });

  it('keeps at most four lines, the last saying there is more', () => {
    const body = notificationText({ title: 't', body: '• one\n• two\n\n• three\n• four\n• five' }, 'darwin').body;
    expect(body.split('\n')).toEqual(['• one', '• two', '• three', '…']);
    expect(body.split('\n')).toHaveLength(MAX_BODY_LINES);
  });

  it('removes control and bidi-override characters, keeps newlines in the body only', () => {
    const text = notificationText({ title: 'a\u0000b\nc\u202ed\r\ne', body: 'x\u0007y\r\nz\u2066' }, 'darwin');
    expect(text).toEqual({ title: 'ab cd e', body: 'xy\nz' });
  });

  it('never returns an empty title', () => {
    expect(notificationText({ title: ' \u0000 ', body: '' }, 'linux').title).toBe('Trigger Happy');
  });

  it('never splits an emoji or a combining sequence', () => {
    const family = '👨‍👩‍👧‍👦';
    const cut = truncateGraphemes(family.repeat(10), 5);
    expect(cut).toBe(`${family.repeat(4)}…`);
    expect(truncateGraphemes('e\u0301'.repeat(10), 3)).toBe('e\u0301e\u0301…');
    expect(truncateGraphemes('exactly', 7)).toBe('exactly');
  });

  it('escapeMarkup handles & first', () => {
    expect(escapeMarkup('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
  });
});

describe('createDesktopNotifier', () => {
  function fakes(supported = true) {
    const created: Array<{ options: { title: string; body: string }; listeners: Map<string, () => void>; shown: boolean }> = [];
    const opened: string[] = [];
    const windows: string[] = [];
    const requested: Array<{ notification: EngineNotification; shown: boolean }> = [];
    const notifier = createDesktopNotifier({
      platform: 'linux',
      isSupported: () => supported,
      createNotification: (options) => {
        const record = { options, listeners: new Map<string, () => void>(), shown: false };
        created.push(record);
        const notification: NotificationLike = {
          on: (event: 'click' | 'close', listener: () => void) => record.listeners.set(event, listener),
          show: () => {
            record.shown = true;
          },
        };
        return notification;
      },
      openLink: (url) => opened.push(url),
      showWindow: () => windows.push('shown'),
      onRequested: (notification, shown) => requested.push({ notification, shown }),
    });
    return { notifier, created, opened, windows, requested };
  }

  const one: EngineNotification = {
    title: 'Frandroid: 1 new item',
    body: 'Pixel & Galaxy <compared>',
    url: 'https://www.frandroid.com/pixel',
    triggerIds: [1],
  };

  it('shows the text made safe, and a click opens the item', () => {
    const { notifier, created, opened, windows } = fakes();
    notifier.notify(one);
    expect(created).toHaveLength(1);
    expect(created[0]?.options).toEqual({ title: 'Frandroid: 1 new item', body: 'Pixel &amp; Galaxy &lt;compared&gt;' });
    expect(created[0]?.shown).toBe(true);
    created[0]?.listeners.get('click')?.();
    expect(opened).toEqual(['https://www.frandroid.com/pixel']);
    expect(windows).toEqual([]);
  });

  it('opens the window for several items (no url)', () => {
    const { notifier, created, opened, windows } = fakes();
    notifier.notify({ ...one, title: '3 triggers found 12 new items', url: null, triggerIds: [1, 2, 3] });
    created[0]?.listeners.get('click')?.();
    expect(opened).toEqual([]);
    expect(windows).toEqual(['shown']);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'https://user:pw@example.org/'])(
    'opens the window rather than %s',
    (url) => {
      const { notifier, created, opened, windows } = fakes();
      notifier.notify({ ...one, url });
      created[0]?.listeners.get('click')?.();
      expect(opened).toEqual([]);
      expect(windows).toEqual(['shown']);
    },
  );

  it('reports but shows nothing where notifications are unsupported', () => {
    const { notifier, created, requested } = fakes(false);
    notifier.notify(one);
    expect(created).toEqual([]);
    expect(requested).toEqual([{ notification: one, shown: false }]);
  });

  it('reports every notification it shows', () => {
    const { notifier, requested } = fakes();
    notifier.notify(one);
    expect(requested).toEqual([{ notification: one, shown: true }]);
  });
});
