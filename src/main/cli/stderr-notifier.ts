import type { NotifierPort } from '../engine/ports';
import { printable } from './terminal-text';

// Desktop notifications have no place in a terminal session, except while the engine runs in the
// foreground (`run`), where one line on stderr per notification tells the person watching what the
// app would have shown. Other commands stay quiet so their output can be piped.

export type NotifierMode = 'stderr' | 'silent';

export function createNotifier(mode: NotifierMode, write: (line: string) => void): NotifierPort {
  if (mode === 'silent') return { notify: () => undefined };
  return {
    notify(notification) {
      const parts = [printable(notification.title), printable(notification.body)].filter((part) => part !== '');
      const link = notification.url ? ` <${printable(notification.url)}>` : '';
      write(`notification: ${parts.join(': ')}${link}`);
    },
  };
}
