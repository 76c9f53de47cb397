import createDOMPurify from 'dompurify';
import { useLayoutEffect, useRef } from 'react';
import { safeHttpUrl } from './http-url';

// Feed HTML, for the rare place the window shows it formatted (the Test preview). Sanitised with
// DOMPurify using the settings measured in reliability.md §2 (no style, forms or form controls),
// inserted as a DOM fragment (never through innerHTML), links forced to checked http(s) URLs that
// open outside. Remote images stay blocked by the CSP (img-src 'self' data:).

const purify = createDOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = safeHttpUrl(node.getAttribute('href'));
    if (href) {
      node.setAttribute('href', href);
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('href');
    }
  }
});

const PURIFY_SETTINGS = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
  FORBID_ATTR: ['style'],
  RETURN_DOM_FRAGMENT: true as const,
};

export function SanitizedHtml({ html, className }: { html: string; className?: string }) {
  const container = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const target = container.current;
    if (!target) return;
    target.replaceChildren(purify.sanitize(html, PURIFY_SETTINGS));
  }, [html]);
  return <div ref={container} className={className} />;
}
