import type { FeedItem } from '../../../shared/models';

// The JSON a receiver gets for one new item. The field set is fixed here, not a spread of
// FeedItem, so a field added to the model later is not published by accident.

export interface WebhookPayload {
  type: 'item.new';
  trigger: string;
  item: Pick<FeedItem, 'key' | 'title' | 'url' | 'published' | 'author' | 'tags' | 'source' | 'contentText' | 'contentHtml'>;
  /** The trigger's template applied to the item. */
  text: string;
}

export function webhookPayload(triggerName: string, item: FeedItem, text: string): WebhookPayload {
  return {
    type: 'item.new',
    trigger: triggerName,
    item: {
      key: item.key,
      title: item.title,
      url: item.url,
      published: item.published,
      author: item.author,
      tags: item.tags,
      source: item.source,
      contentText: item.contentText,
      contentHtml: item.contentHtml,
    },
    text,
  };
}
