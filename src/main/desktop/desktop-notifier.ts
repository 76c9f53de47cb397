import type { EngineNotification, NotifierPort } from '../engine/ports';
import { externalUrl } from './navigation-policy';
import { notificationText } from './notification-text';

// The engine's notifier port in the desktop app. The engine decides what to announce (one per
// trigger and fetch run, a summary when many, a paused trigger) and whether to at all (settings,
// do-not-disturb); this only shows it: text made safe by `notificationText`, and a click opens the
// item's link (http/https only, checked) or the window.

/** The parts of Electron's Notification used here. */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
}

export interface DesktopNotifierDeps {
  platform: NodeJS.Platform;
  /** `Notification.isSupported()`: false on a Linux session without a notification server. */
  isSupported(): boolean;
  createNotification(options: { title: string; body: string }): NotificationLike;
  /** Hands a checked http(s) link to the user's browser. */
  openLink(url: string): void;
  showWindow(): void;
  /** Told about every notification requested (logs, and the Electron end-to-end test). */
  onRequested?(notification: EngineNotification, shown: boolean): void;
}

export function createDesktopNotifier(deps: DesktopNotifierDeps): NotifierPort {
  // Electron drops a Notification's handlers when the object is garbage collected, so a click on
  // an old notification would do nothing; hold each one until it is clicked or closed.
  const live = new Set<NotificationLike>();
  return {
    notify(notification) {
      if (!deps.isSupported()) {
        deps.onRequested?.(notification, false);
        return;
      }
      const text = notificationText({ title: notification.title, body: notification.body }, deps.platform);
      const shown = deps.createNotification(text);
      live.add(shown);
      const link = externalUrl(notification.url);
      shown.on('click', () => {
        live.delete(shown);
        if (link) deps.openLink(link);
        else deps.showWindow();
      });
      shown.on('close', () => live.delete(shown));
      shown.show();
      deps.onRequested?.(notification, true);
    },
  };
}
