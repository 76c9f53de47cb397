import { shell } from 'electron';
import { externalUrl } from './navigation-policy';

// The app's only call to shell.openExternal. Callers (tray, notifications, links in the window)
// have already decided with the same policy; checking again at the sink means no future caller
// can hand it an unchecked string (Electron security checklist #15).

export function openLink(url: string, log: (message: string) => void): void {
  const safe = externalUrl(url);
  if (!safe) {
    log('refused to open a link that is not a plain http(s) URL');
    return;
  }
  shell.openExternal(safe).catch((error: unknown) => log(`could not open a link: ${error instanceof Error ? error.message : String(error)}`));
}
