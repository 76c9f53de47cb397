import { isAllowedNavigation } from './navigation-policy';
import type { TrustedOrigins } from './app-origin';

// Every IPC message is checked for who sent it (Electron security checklist #17): a frame that is
// not our page (an iframe, a page that navigated away, a window we did not create) must not reach
// the engine, even though the preload would be present there too.

/** What the check needs to know about `event.senderFrame`, as plain data. */
export interface SenderFacts {
  /** The frame's current URL. */
  url: string;
  /** True for the top frame of its page (`frame.parent === null`). */
  isMainFrame: boolean;
  /** True when the message came from a window this app created (the main window). */
  fromAppWindow: boolean;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

/** `facts` is null when Electron no longer knows the frame (it navigated or was destroyed). */
export function validateSender(facts: SenderFacts | null, trusted: TrustedOrigins): SenderVerdict {
  if (!facts) return { trusted: false, reason: 'the sending frame is gone' };
  if (!facts.fromAppWindow) return { trusted: false, reason: 'not sent from the app window' };
  if (!facts.isMainFrame) return { trusted: false, reason: 'sent from a subframe' };
  if (!isAllowedNavigation(facts.url, trusted)) return { trusted: false, reason: `untrusted origin (${describeOrigin(facts.url)})` };
  return { trusted: true };
}

function describeOrigin(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return 'unparseable URL';
  }
}
