import type { TriggerInput } from '../../../shared/contract';
import type { TriggerView } from '../../../shared/models';
import type { OpmlOutline } from '../../../workers/tasks';
import { findServiceDefinition } from '../../../workers/services/definitions';

// OPML import: one feed trigger per feed outline, all publishing to the one consumer the user
// chose. Importing the same file twice, or a file that lists a feed twice, must not create
// duplicates, so feeds that already reach this consumer and repeated URLs are skipped with a
// reason the user can read.

export interface OpmlImportOptions {
  consumer: { service: string; accountId: number | null; params: Record<string, unknown> };
  intervalSeconds?: number;
  firstRunLatest: number;
}

export interface OpmlImportPlan {
  inputs: TriggerInput[];
  skipped: Array<{ url: string; reason: string }>;
}

const NAME_LIMIT = 200;

/** The form two spellings of one feed URL share (host case, default port, empty path). */
function normaliseFeedUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The consumer as a comparable string: parameters with the service's defaults applied (a stored
 * trigger has them, a fresh request may not) and without secret parameters (the engine never hands
 * them back), keys sorted.
 */
function consumerIdentity(consumer: OpmlImportOptions['consumer']): string {
  const definition = findServiceDefinition(consumer.service);
  const parsed = definition?.consumerSchema?.safeParse(consumer.params);
  const params: Record<string, unknown> = parsed?.success ? { ...parsed.data } : { ...consumer.params };
  for (const secret of definition?.secretParams ?? []) delete params[secret];
  const sorted = Object.keys(params)
    .sort()
    .map((key) => [key, params[key]]);
  return JSON.stringify([consumer.service, consumer.accountId, sorted]);
}

function triggerName(outline: OpmlOutline, url: string): string {
  const title = outline.title.replace(/\s+/g, ' ').trim();
  const name = title || new URL(url).hostname;
  if (name.length <= NAME_LIMIT) return name;
  // The contract counts UTF-16 units; never cut a surrogate pair in half.
  return name.slice(0, NAME_LIMIT).replace(/[\uD800-\uDBFF]$/, '').trim();
}

export function triggerInputsFromOutlines(
  outlines: readonly OpmlOutline[],
  options: OpmlImportOptions,
  existing: readonly TriggerView[],
): OpmlImportPlan {
  const target = consumerIdentity(options.consumer);
  const alreadyServed = new Map<string, number>();
  for (const trigger of existing) {
    const url = trigger.provider.service === 'rss' && typeof trigger.provider.params.url === 'string' ? normaliseFeedUrl(trigger.provider.params.url) : null;
    if (url !== null && !alreadyServed.has(url) && consumerIdentity(trigger.consumer) === target) alreadyServed.set(url, trigger.id);
  }

  const inputs: TriggerInput[] = [];
  const skipped: OpmlImportPlan['skipped'] = [];
  const seenInFile = new Set<string>();
  for (const outline of outlines) {
    const url = normaliseFeedUrl(outline.xmlUrl);
    if (url === null) {
      skipped.push({ url: outline.xmlUrl, reason: 'not an http:// or https:// feed URL' });
      continue;
    }
    if (seenInFile.has(url)) {
      skipped.push({ url: outline.xmlUrl, reason: 'listed more than once in this file' });
      continue;
    }
    seenInFile.add(url);
    const existingId = alreadyServed.get(url);
    if (existingId !== undefined) {
      skipped.push({ url: outline.xmlUrl, reason: `trigger #${existingId} already sends this feed to the same consumer` });
      continue;
    }
    inputs.push({
      name: triggerName(outline, url),
      provider: { service: 'rss', accountId: null, params: { url: outline.xmlUrl.trim() } },
      consumer: { service: options.consumer.service, accountId: options.consumer.accountId, params: { ...options.consumer.params } },
      ...(options.intervalSeconds !== undefined ? { intervalSeconds: options.intervalSeconds } : {}),
      firstRunLatest: options.firstRunLatest,
    });
  }
  return { inputs, skipped };
}
