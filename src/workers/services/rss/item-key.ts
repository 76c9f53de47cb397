import { createHash } from 'node:crypto';

// An item's identity for dedupe (design.md: "new means new identity, not a newer date"). The
// prefix names the kind so a guid that happens to equal another item's link, or a hash-looking
// guid, can never collide across kinds.

export interface ItemIdentity {
  id: string | null;
  url: string | null;
  title: string;
  content: string | null;
  published: string | null;
}

export function itemKey(item: ItemIdentity): string {
  const id = item.id?.trim();
  if (id) return `id:${id}`;
  if (item.url) return `url:${item.url}`;
  const digest = createHash('sha256')
    .update(JSON.stringify([item.title, item.content ?? '', item.published ?? '']))
    .digest('hex');
  return `sha256:${digest}`;
}
