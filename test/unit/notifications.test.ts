import { describe, expect, it } from 'vitest';
import type { NewItemsEvent } from '../../src/shared/models';
import { buildNotifications } from '../../src/main/engine/notifications';

function found(id: number, name: string, titles: string[], notify = true): NewItemsEvent {
  return {
    triggerId: id,
    triggerName: name,
    notify,
    count: titles.length,
    items: titles.map((title, index) => ({ id: id * 100 + index, title, url: `https://example.org/${id}/${index}` })),
  };
}

const on = { notifications: true, doNotDisturb: false };

describe('buildNotifications', () => {
  it('raises one notification per trigger with the first titles', () => {
    const [first, ...rest] = buildNotifications([found(1, 'Frandroid', ['A', 'B', 'C', 'D'])], [], on);
    expect(rest).toEqual([]);
    expect(first).toEqual({ title: 'Frandroid: 4 new items', body: 'A\nB\nC\n… and 1 more', url: null, triggerIds: [1] });
  });

  it('links the item itself when there is only one', () => {
    const [only] = buildNotifications([found(2, 'Django', ['Django 6.0'])], [], on);
    expect(only?.title).toBe('Django: 1 new item');
    expect(only?.url).toBe('https://example.org/2/0');
  });

  it('sends one summary instead of a flood', () => {
    const events = [1, 2, 3, 4, 5, 6, 7].map((id) => found(id, `Feed ${id}`, ['x', 'y']));
    const notifications = buildNotifications(events, [], on);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.title).toBe('14 new items from 7 triggers');
    expect(notifications[0]?.body).toBe('Feed 1 (2), Feed 2 (2), Feed 3 (2), Feed 4 (2), Feed 5 (2), and 2 more');
  });

  it('leaves out triggers with notifications off, and everything under do-not-disturb', () => {
    expect(buildNotifications([found(1, 'Quiet', ['x'], false)], [], on)).toEqual([]);
    expect(buildNotifications([found(1, 'Loud', ['x'])], [{ triggerId: 1, triggerName: 'Loud', reason: 'gone' }], { notifications: true, doNotDisturb: true })).toEqual([]);
    expect(buildNotifications([found(1, 'Loud', ['x'])], [], { notifications: false, doNotDisturb: false })).toEqual([]);
  });

  it('tells once when a trigger pauses itself', () => {
    const notifications = buildNotifications([], [{ triggerId: 3, triggerName: 'Blog', reason: 'Paused after 10 consecutive failures: HTTP 500' }], on);
    expect(notifications).toEqual([{ title: 'Blog paused', body: 'Paused after 10 consecutive failures: HTTP 500', url: null, triggerIds: [3] }]);
  });
});
