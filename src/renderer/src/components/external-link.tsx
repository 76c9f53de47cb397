import type { ReactNode } from 'react';
import { safeHttpUrl } from './http-url';

// Opens a checked http(s) link outside the window: a new tab under `serve`; in the desktop app the
// main process denies the new window and hands the URL to the system browser. Anything else is
// shown as plain text, never as a link.
export function ExternalLink({ href, children, className }: { href: string | null; children: ReactNode; className?: string }) {
  const safe = safeHttpUrl(href);
  if (!safe) return <span className={className}>{children}</span>;
  return (
    <a className={className} href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
