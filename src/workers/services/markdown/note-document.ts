import type { FeedItem } from '../../../shared/models';
import { frontMatter, type FrontMatterValue } from './front-matter';
import { htmlToMarkdown } from './html-to-markdown';
import { inlineTextToMarkdown, plainTextToMarkdown, withoutControlCharacters } from './markdown-escape';
import { noteTags } from './note-tags';
import { markdownDestination, webPageUrl } from './safe-link-url';

// The whole text of one note: front matter (title, url, source, author, published, tags), the
// title as a heading, the item's content converted, and a link back to the original. Everything
// from the item is untrusted and goes through the escaping helpers; the url only if it is http(s).

function heading(title: string): string {
  // A trailing " #" would be read as the heading's closing sequence and vanish.
  const text = inlineTextToMarkdown(title).replace(/ (#+)$/, ' \\$1');
  return text === '' ? '' : `# ${text}`;
}

function content(item: FeedItem, baseUrl: string | null): string {
  const fromHtml = item.contentHtml ? htmlToMarkdown(item.contentHtml, baseUrl) : '';
  if (fromHtml !== '') return fromHtml;
  return item.contentText ? plainTextToMarkdown(item.contentText) : '';
}

function sourceLine(item: FeedItem, url: string | null): string {
  const source = item.source?.trim() ?? '';
  if (url === null) return source === '' ? '' : `Source: ${inlineTextToMarkdown(source)}`;
  const label = source === '' ? new URL(url).host : source;
  return `Source: [${inlineTextToMarkdown(label)}](${markdownDestination(url)})`;
}

export function noteDocument(item: FeedItem, trigger: { tags: readonly string[] }): string {
  const url = webPageUrl(item.url);
  const fields: Array<readonly [string, FrontMatterValue]> = [['title', withoutControlCharacters(item.title)]];
  if (url !== null) fields.push(['url', url]);
  if (item.source) fields.push(['source', withoutControlCharacters(item.source)]);
  if (item.author) fields.push(['author', withoutControlCharacters(item.author)]);
  if (item.published) fields.push(['published', withoutControlCharacters(item.published)]);
  fields.push(['tags', noteTags([...trigger.tags, ...item.tags])]);

  const body = [heading(item.title), content(item, url), sourceLine(item, url)].filter((part) => part !== '');
  return `${frontMatter(fields)}\n\n${body.join('\n\n')}\n`;
}
