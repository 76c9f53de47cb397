import path from 'node:path';
import { JSDOM } from 'jsdom';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { FeedItem } from '../../src/shared/models';
import { frontMatter, yamlQuoted } from '../../src/workers/services/markdown/front-matter';
import { htmlToMarkdown } from '../../src/workers/services/markdown/html-to-markdown';
import { plainTextToMarkdown } from '../../src/workers/services/markdown/markdown-escape';
import { noteDirectory } from '../../src/workers/services/markdown/note-directory';
import { noteDocument } from '../../src/workers/services/markdown/note-document';
import { isNoteFor, keyHash, MAX_PATH_LENGTH, noteDate, noteFileName, slugify } from '../../src/workers/services/markdown/note-file-name';
import { noteTags } from '../../src/workers/services/markdown/note-tags';
import { windowsSafeSegment } from '../../src/workers/services/markdown/windows-safe-name';

function item(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    key: 'https://example.org/posts/1',
    title: 'A post',
    url: 'https://example.org/posts/1',
    contentHtml: null,
    contentText: null,
    author: null,
    published: '2024-05-01T10:00:00Z',
    tags: [],
    source: 'Example blog',
    ...overrides,
  };
}

/** Splits a note into its parsed front matter and its body. */
function readNote(note: string): { meta: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(note);
  if (!match) throw new Error(`No front matter in:\n${note}`);
  return { meta: parseYaml(match[1] ?? '') as Record<string, unknown>, body: match[2] ?? '' };
}

// The most permissive renderer we can think of: raw HTML on, links autolinked, and no scheme
// filtering (markdown-it would otherwise hide a javascript: link that we let through).
const renderer = new MarkdownIt({ html: true, linkify: true });
renderer.validateLink = () => true;

const DANGEROUS_ELEMENTS = 'script, style, iframe, frame, object, embed, applet, form, input, button, textarea, select, svg, math, base, meta, link, noscript, template';
const SAFE_SCHEME = /^(https?:|mailto:)/i;

/** What would be live if this Markdown were rendered with raw HTML allowed: must be empty. */
function liveMarkupIn(markdown: string): string[] {
  const { document } = new JSDOM(renderer.render(markdown)).window;
  const problems: string[] = [];
  for (const element of document.documentElement.querySelectorAll('*')) {
    if (element.matches(DANGEROUS_ELEMENTS)) problems.push(`<${element.localName}> element`);
    for (const attribute of Array.from(element.attributes)) {
      if (/^on/i.test(attribute.name)) problems.push(`${attribute.name} on <${element.localName}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(attribute.name) && !SAFE_SCHEME.test(attribute.value.trim())) {
        problems.push(`${attribute.name}="${attribute.value}" on <${element.localName}>`);
      }
    }
  }
  return problems;
}

describe('note file name', () => {
  it('keeps letters of any script, lower-cased, and joins the rest with single dashes', () => {
    expect(slugify("Ça marche : l'été à Zürich !")).toBe('ça-marche-l-été-à-zürich');
    expect(slugify('日本語のタイトル／第2回')).toBe('日本語のタイトル-第2回');
    expect(slugify('Привет, мир')).toBe('привет-мир');
    expect(slugify('ＦＵＬＬＷＩＤＴＨ ﬁle')).toBe('fullwidth-file');
    expect(slugify('a<b>c:d"e/f\\g|h?i*j')).toBe('a-b-c-d-e-f-g-h-i-j');
    expect(slugify('🎉🎉 !!! 🎉')).toBe('');
    expect(slugify('right\u202Eto-left override')).toBe('right-to-left-override');
  });

  it('cuts a long slug on a grapheme boundary without a trailing dash', () => {
    // e + dot below + acute has no precomposed form: one grapheme, two UTF-16 units after NFKC.
    const slug = slugify('e\u0301\u0323'.repeat(100), 11);
    expect(slug).toBe('\u1EB9\u0301'.repeat(5));
    expect(slugify('abcd efgh', 5)).toBe('abcd');
    expect(slugify('x'.repeat(300)).length).toBe(80);
    expect(Buffer.byteLength(slugify('語'.repeat(300)))).toBeLessThanOrEqual(160);
  });

  it('dates the note by the published day as written, else the current UTC day', () => {
    expect(noteDate('2024-05-01T23:30:00-05:00', new Date('2030-01-01T00:00:00Z'))).toBe('2024-05-01');
    expect(noteDate('Wed, 01 May 2024 23:30:00 GMT', new Date('2030-01-01T00:00:00Z'))).toBe('2024-05-01');
    expect(noteDate('not a date', new Date('2030-01-02T03:00:00Z'))).toBe('2030-01-02');
    expect(noteDate(null, new Date('2030-01-02T03:00:00Z'))).toBe('2030-01-02');
  });

  it('derives a stable short hash from the idempotency key', () => {
    expect(keyHash('trigger-1:item-a')).toMatch(/^[0-9a-f]{12}$/);
    expect(keyHash('trigger-1:item-a')).toBe(keyHash('trigger-1:item-a'));
    expect(keyHash('trigger-1:item-a')).not.toBe(keyHash('trigger-1:item-b'));
  });

  it('builds <date>-<slug>-<hash>.md and recognises it by the hash alone', () => {
    const hash = keyHash('k');
    const name = noteFileName('/notes', { date: '2024-05-01', title: 'Hello: World?', hash });
    expect(name).toBe(`2024-05-01-hello-world-${hash}.md`);
    expect(isNoteFor(name, hash)).toBe(true);
    expect(isNoteFor(`2031-12-31-other-slug-${hash}.md`, hash)).toBe(true);
    expect(isNoteFor(name, keyHash('other'))).toBe(false);
    expect(noteFileName('/notes', { date: '2024-05-01', title: '🎉', hash })).toBe(`2024-05-01-${hash}.md`);
  });

  it('shortens the slug so the whole path stays within the cap, down to no slug at all', () => {
    const hash = keyHash('k');
    const title = 'word '.repeat(60);
    const deep = `/${'d'.repeat(200)}`;
    const name = noteFileName(deep, { date: '2024-05-01', title, hash });
    expect(path.join(deep, name).length).toBeLessThanOrEqual(MAX_PATH_LENGTH);
    expect(path.join(deep, name).length).toBeGreaterThan(MAX_PATH_LENGTH - 3);
    expect(name).toMatch(new RegExp(`^2024-05-01-word-[a-z-]+[a-z]-${hash}\\.md$`));
    const tooDeep = `/${'d'.repeat(260)}`;
    expect(noteFileName(tooDeep, { date: '2024-05-01', title, hash })).toBe(`2024-05-01-${hash}.md`);
  });

  it('makes folder names valid on Windows', () => {
    expect(windowsSafeSegment('a<b>c:d"e|f?g*h')).toBe('a_b_c_d_e_f_g_h');
    expect(windowsSafeSegment('CON')).toBe('CON_');
    expect(windowsSafeSegment('nul.txt')).toBe('nul_.txt');
    expect(windowsSafeSegment('com1')).toBe('com1_');
    expect(windowsSafeSegment('LPT9.md')).toBe('LPT9_.md');
    expect(windowsSafeSegment('console')).toBe('console');
    expect(windowsSafeSegment('trailing. . ')).toBe('trailing');
    expect(windowsSafeSegment('...')).toBe('_');
    expect(windowsSafeSegment('tab\there')).toBe('tab_here');
  });

  it('keeps the subfolder inside an absolute folder', () => {
    expect(noteDirectory('/vault', 'Feeds/Tech: news/aux')).toEqual({ ok: true, path: path.join('/vault', 'Feeds', 'Tech_ news', 'aux_') });
    expect(noteDirectory('/vault', '')).toEqual({ ok: true, path: path.resolve('/vault') });
    expect(noteDirectory('/vault', '/./a//b/')).toEqual({ ok: true, path: path.join('/vault', 'a', 'b') });
    expect(noteDirectory('/vault', '../outside')).toMatchObject({ ok: false });
    expect(noteDirectory('/vault', 'a\\..\\..\\b')).toMatchObject({ ok: false });
    expect(noteDirectory('relative/vault', '')).toMatchObject({ ok: false });
  });
});

describe('front matter', () => {
  const awkward = [
    'Plain title',
    'Key: value with a colon',
    '"Double" and \'single\' quotes',
    'First line\nsecond line\r\nthird',
    '- starts like a list item',
    '# starts like a comment',
    '--- looks like the end of the block',
    'yes',
    'null',
    '0x1F',
    '2024-05-01',
    '@at `tick` &anchor *alias !tag %percent |pipe >fold {a: 1} [x, y]',
    'back\\slash and tab\there',
    'line\u2028separator, next\u0085line, bom\uFEFF, del\u007F',
    'emoji 🎉 and 日本語',
    ' leading and trailing spaces ',
  ];

  it.each(awkward)('reads back exactly: %j', (title) => {
    const text = frontMatter([['title', title], ['tags', [title, 'plain']]]);
    const { meta } = readNote(`${text}\n`);
    expect(meta).toEqual({ title, tags: [title, 'plain'] });
  });

  it('writes one line per value, so no value can close the block', () => {
    const text = frontMatter([['title', '---\n---\nevil: true']]);
    expect(text.split('\n')).toHaveLength(3);
    expect(yamlQuoted('a\u2028b')).toBe('"a\\u2028b"');
  });

  it('writes an empty tag list as []', () => {
    expect(frontMatter([['tags', []]])).toBe('---\ntags: []\n---');
  });

  it('gives a note title, url, source, author, published and the merged tags', () => {
    const note = noteDocument(
      item({ title: 'Re: "Quotes" #1', author: 'Ann', tags: ['News', '#rust', 'open source', 'news'] }),
      { tags: ['feeds', 'News'] },
    );
    expect(readNote(note).meta).toEqual({
      title: 'Re: "Quotes" #1',
      url: 'https://example.org/posts/1',
      source: 'Example blog',
      author: 'Ann',
      published: '2024-05-01T10:00:00Z',
      tags: ['feeds', 'News', 'rust', 'open-source'],
    });
  });

  it('leaves out a url that is not http(s) and fields the item does not have', () => {
    const note = noteDocument(item({ url: 'javascript:alert(1)', source: null, published: null }), { tags: [] });
    expect(readNote(note).meta).toEqual({ title: 'A post', tags: [] });
    expect(note).not.toMatch(/javascript:/i);
  });
});

describe('tags', () => {
  it('drops the hash sign and spaces, and keeps each tag once whatever its case', () => {
    expect(noteTags(['#One', 'one', ' two words ', '', '##', 'Three\u0000'])).toEqual(['One', 'two-words', 'Three']);
  });
});

describe('HTML to Markdown', () => {
  it('converts common structure', () => {
    const markdown = htmlToMarkdown(
      '<h2>Title</h2><p>Some <strong>bold</strong> and <em>italic</em> text.</p><ul><li>one</li><li>two</li></ul><blockquote>quoted</blockquote>',
      null,
    );
    expect(markdown).toBe('## Title\n\nSome **bold** and *italic* text.\n\n-   one\n-   two\n\n> quoted');
  });

  it('resolves relative links and images against the item page, and drops them without one', () => {
    const html = '<p><a href="/about">About</a> <img src="pic.png" alt="A [pic]"></p>';
    expect(htmlToMarkdown(html, 'https://example.org/posts/1')).toBe('[About](https://example.org/about) ![A \\[pic\\]](https://example.org/posts/pic.png)');
    expect(htmlToMarkdown(html, null)).toBe('About A \\[pic\\]');
  });

  it('percent-encodes characters that would end a link destination', () => {
    expect(htmlToMarkdown('<a href="https://example.org/a_(b)">x</a>', null)).toBe('[x](https://example.org/a_%28b%29)');
    expect(htmlToMarkdown('<a href="mailto:a b<c>@example.org">mail</a>', null)).toBe('[mail](mailto:a%20b%3Cc%3E@example.org)');
  });

  it('keeps code as code with a fence the code cannot close, and a harmless language tag', () => {
    const markdown = htmlToMarkdown('<pre><code class="language-js`x">if (a &lt; b) {}\n```\nstill code\n</code></pre>', null);
    expect(markdown).toBe('````\nif (a < b) {}\n```\nstill code\n````');
    expect(htmlToMarkdown('<pre><code class="language-ts">let x = 1;</code></pre>', null)).toBe('```ts\nlet x = 1;\n```');
    expect(htmlToMarkdown('<p>Use <code>&lt;b&gt;</code></p>', null)).toBe('Use `<b>`');
  });

  it('drops active and embedding elements together with their content', () => {
    const html =
      '<p>before</p><script>alert(1)</script><style>p{}</style><iframe>frame</iframe><form>field<input><button>go</button></form>' +
      '<object>obj</object><svg><text>vector</text></svg><noscript>fallback</noscript><p>after</p>';
    expect(htmlToMarkdown(html, null)).toBe('before\n\nafter');
  });

  it('escapes Markdown syntax in text so it stays text', () => {
    expect(htmlToMarkdown('<p>[click](javascript:alert(1)) *not bold* &lt;b&gt;</p>', null)).toBe('\\[click\\](javascript:alert(1)) \\*not bold\\* &lt;b>');
    expect(plainTextToMarkdown('# not a heading\n- not a list\n<b>not bold</b> &amp; [x]')).toBe(
      '\\# not a heading\n\\- not a list\n&lt;b>not bold&lt;/b> &amp;amp; \\[x\\]',
    );
  });
});

describe('untrusted HTML leaves no live markup in the note', () => {
  it('the checker itself flags live markup', () => {
    expect(liveMarkupIn('<img src=x onerror=alert(1)>')).toContain('onerror on <img>');
    expect(liveMarkupIn('[a](javascript:alert(1))')).toContain('href="javascript:alert(1)" on <a>');
    expect(liveMarkupIn('<script>alert(1)</script>')).toContain('<script> element');
    expect(liveMarkupIn('[a](https://example.org/) <http://example.org>')).toEqual([]);
  });

  const vectors: Array<[string, string]> = [
    ['img onerror', '<img src=x onerror=alert(1)>'],
    ['img onerror, quoted and broken', '<img src="x" onerror="alert(1)"//'],
    ['svg onload', '<svg onload=alert(1)><circle r="1"/></svg>'],
    ['svg script', '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
    ['javascript: link', '<a href="javascript:alert(1)">click</a>'],
    ['javascript: link, mixed case and spaces', '<a href="  JaVaScRiPt:alert(1)">click</a>'],
    ['javascript: link, tab entity', '<a href="jav&#x09;ascript:alert(1)">click</a>'],
    ['javascript: link, newline and NUL', '<a href="java&#x0A;script&#x00;:alert(1)">click</a><a href="java\nscript:alert(1)">click</a>'],
    ['javascript: link, decimal entities', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>'],
    ['javascript: link, named colon', '<a href="javascript&colon;alert(1)">click</a>'],
    ['vbscript: link', '<a href="vbscript:msgbox(1)">click</a>'],
    ['data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>'],
    ['data: image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="pic">'],
    ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
    ['iframe src', '<iframe src="javascript:alert(1)"></iframe>'],
    ['script', '<script>alert(1)</script><script src="https://evil.example/x.js"></script>'],
    ['style', "<style>@import 'https://evil.example/x.css'; body{background:url(javascript:alert(1))}</style>"],
    ['form action', '<form action="javascript:alert(1)"><input name="q"><button formaction="javascript:alert(1)">Go</button></form>'],
    ['object and embed', '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">'],
    ['math xlink', '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>'],
    ['details ontoggle', '<details open ontoggle=alert(1)><summary>s</summary>d</details>'],
    ['input autofocus', '<input autofocus onfocus=alert(1)>'],
    ['onclick on a safe link', '<a href="https://example.org/" onclick="alert(1)" title="&quot;><script>alert(1)</script>">ok</a>'],
    ['noscript mutation', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
    ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">'],
    ['escaped tags as text', '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>'],
    ['double-escaped tags', '<p>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</p>'],
    ['comment and CDATA', '<!--><script>alert(1)</script>--><![CDATA[<script>alert(1)</script>]]>'],
    ['markdown link injection in text', '<p>[click](javascript:alert(1)) ![x](javascript:alert(1)) &lt;javascript:alert(1)&gt;</p>'],
    ['link text breaking out', '<a href="https://example.org/">x](javascript:alert(1))</a>'],
    ['code fence breakout', '<pre><code class="language-x`y">```\n<script>alert(1)</script>\n</code></pre>'],
  ];

  it.each(vectors)('%s', (_name, payload) => {
    const note = noteDocument(item({ title: payload, contentHtml: payload, source: payload, author: payload }), { tags: [payload] });
    const { body } = readNote(note);
    const outsideCode = body.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<\s*script/i);
    expect(outsideCode).not.toMatch(/<[a-z!/?]/i);
    expect(body).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(body).not.toMatch(/(?<!\\)\]\(\s*<?\s*(javascript|vbscript|data):/i);
    expect(liveMarkupIn(body)).toEqual([]);
  });

  it.each(vectors)('%s, as plain text content', (_name, payload) => {
    const { body } = readNote(noteDocument(item({ contentText: payload }), { tags: [] }));
    expect(body).not.toMatch(/<[a-z!/?]/i);
    expect(liveMarkupIn(body)).toEqual([]);
  });
});
