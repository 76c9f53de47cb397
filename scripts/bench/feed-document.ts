import { seededRandom } from '../../test/support/seeded-random';

// The RSS 2.0 documents of the benchmark's feed server: feed `feed` at version `version` lists
// items numbered `items + version` down to `version + 1`, newest first, so each bump adds exactly
// one new item. An item's text depends only on (feed, number): it reads the same in every version,
// as on a real site, and differs from feed to feed. About 1.4 KB per item, ~28 KB for 20.

const WORDS = (
  'scheduler feed outbox worker thread socket latency etiquette cache baseline publish consumer ' +
  'provider webhook markdown trigger pool event loop timer backoff jitter header validator etag ' +
  'release kernel browser desktop tray window notification archive library journal garden river ' +
  'mountain harbour station market museum theatre festival season weather morning evening report ' +
  'review interview tutorial changelog security update patch version draft note letter summary'
).split(' ');

function sentence(random: () => number, words: number): string {
  const picked: string[] = [];
  for (let index = 0; index < words; index += 1) picked.push(WORDS[Math.floor(random() * WORDS.length)] ?? 'word');
  const text = picked.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Paragraphs drawn once (already escaped); an item picks six, so items differ at little cost. */
const SENTENCES = (() => {
  const random = seededRandom(20_261_101);
  const pool: string[] = [];
  for (let index = 0; index < 4096; index += 1) pool.push(escapeXml(`<p>${sentence(random, 18 + Math.floor(random() * 6))}</p>`));
  return pool;
})();


const EPOCH = Date.parse('2026-11-01T00:00:00Z');

function itemXml(feed: number, number: number): string {
  const random = seededRandom(feed * 1_000_003 + number);
  const title = `Feed ${feed}, post ${number}: ${sentence(random, 5).slice(0, -1)}`;
  const link = `https://feeds.example/${feed}/posts/${number}`;
  const paragraphs: string[] = [];
  for (let index = 0; index < 6; index += 1) paragraphs.push(SENTENCES[Math.floor(random() * SENTENCES.length)] ?? '');
  return `    <item>
      <title>${escapeXml(title)}</title>
      <link>${link}</link>
      <guid isPermaLink="false">feed-${feed}-post-${number}</guid>
      <pubDate>${new Date(EPOCH + number * 3_600_000 + feed * 1000).toUTCString()}</pubDate>
      <category>${WORDS[(feed + number) % WORDS.length] ?? 'misc'}</category>
      <description>${paragraphs.join('\n')}</description>
    </item>`;
}

export function feedDocument(feed: number, version: number, items: number): string {
  const entries: string[] = [];
  for (let number = items + version; number > version; number -= 1) entries.push(itemXml(feed, number));
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Benchmark feed ${feed}</title>
    <link>https://feeds.example/${feed}/</link>
    <description>Loopback feed ${feed} of the Trigger Happy benchmark</description>
    <language>en</language>
${entries.join('\n')}
  </channel>
</rss>
`;
}

export function feedEtag(feed: number, version: number): string {
  return `"f${feed}-v${version}"`;
}
