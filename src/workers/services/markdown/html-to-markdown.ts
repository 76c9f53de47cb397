import TurndownService from 'turndown';
import { escapeMarkdownText, inlineTextToMarkdown, withoutControlCharacters } from './markdown-escape';
import { IMAGE_SCHEMES, LINK_SCHEMES, markdownDestination, safeUrl } from './safe-link-url';

// Feed HTML is untrusted and the note will be opened in renderers that honour raw HTML. The
// conversion therefore emits no HTML at all: active and embedding elements are dropped with their
// content, unknown elements contribute only their text, text is escaped (every `<` becomes an
// entity), links and images keep only http(s)/mailto targets, and code blocks get a language tag
// that cannot break their fence. Attributes are never copied, so event handlers cannot survive.

/** The part of a DOM element our rules read (the worker has no DOM typings; turndown brings domino). */
interface ConvertedElement {
  nodeName: string;
  textContent: string | null;
  firstChild: ConvertedElement | null;
  getAttribute(name: string): string | null;
}

const DROPPED_ELEMENTS = [
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'form', 'input', 'button', 'select', 'option', 'textarea', 'svg', 'math', 'head', 'title', 'meta',
  'link', 'base', 'canvas', 'audio', 'video', 'source', 'track', 'portal',
] as const;

function asElement(node: unknown): ConvertedElement {
  return node as ConvertedElement;
}

function createConverter(baseUrl: string | null): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    hr: '---',
  });
  service.escape = escapeMarkdownText;
  service.remove((node) => (DROPPED_ELEMENTS as readonly string[]).includes(asElement(node).nodeName.toLowerCase()));

  service.addRule('safeLink', {
    filter: (node) => asElement(node).nodeName === 'A',
    replacement: (content, node) => {
      const href = safeUrl(asElement(node).getAttribute('href')?.trim(), baseUrl, LINK_SCHEMES);
      if (!content.trim()) return '';
      return href === null ? content : `[${content}](${markdownDestination(href)})`;
    },
  });

  service.addRule('safeImage', {
    filter: (node) => asElement(node).nodeName === 'IMG',
    replacement: (_content, node) => {
      const element = asElement(node);
      const src = safeUrl(element.getAttribute('src')?.trim(), baseUrl, IMAGE_SCHEMES);
      const alt = inlineTextToMarkdown(element.getAttribute('alt') ?? '');
      if (src === null) return alt;
      return `![${alt}](${markdownDestination(src)})`;
    },
  });

  // turndown's own fenced rule copies the class name after the fence: a backtick there would turn
  // the fence into text and the code (raw HTML included) into live Markdown.
  service.addRule('safeFencedCodeBlock', {
    filter: (node) => {
      const element = asElement(node);
      return element.nodeName === 'PRE' && element.firstChild?.nodeName === 'CODE';
    },
    replacement: (_content, node) => {
      const code = asElement(node).firstChild;
      const className = code?.getAttribute('class') ?? '';
      const language = /(?:^|\s)language-([A-Za-z0-9_+#.-]{1,30})(?:\s|$)/.exec(className)?.[1] ?? '';
      const text = (code?.textContent ?? '').replace(/\n$/, '');
      const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
      const fence = '`'.repeat(Math.max(3, longestRun + 1));
      return `\n\n${fence}${language}\n${text}\n${fence}\n\n`;
    },
  });

  return service;
}

/**
 * Untrusted HTML as Markdown that contains no live markup. Relative links resolve against
 * `baseUrl` (the item's page) and are dropped when there is none.
 */
export function htmlToMarkdown(html: string, baseUrl: string | null): string {
  // A converter per call: it is cheap, and the base URL then needs no shared mutable state.
  return withoutControlCharacters(createConverter(baseUrl).turndown(html)).trim();
}
