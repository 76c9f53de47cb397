import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/shared/models';
import type { PublishResult } from '../../src/workers/tasks';
import { fileSystemError } from '../../src/workers/services/markdown/file-system-error';
import { markdownConsumer } from '../../src/workers/services/markdown/markdown-consumer';
import { keyHash } from '../../src/workers/services/markdown/note-file-name';
import type { TaskContext } from '../../src/workers/services/service';

const ctx: TaskContext = {
  http: { userAgent: 'test', timeoutMs: 10_000, maxBodyBytes: 1 << 20, maxRedirects: 5 },
  signal: new AbortController().signal,
};

function item(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    key: 'guid-1',
    title: 'Hello: a "first" post',
    url: 'https://example.org/posts/1',
    contentHtml: '<p>Body with <a href="/more">a link</a>.</p>',
    contentText: null,
    author: 'Ann',
    published: '2024-05-01T10:00:00Z',
    tags: ['news'],
    source: 'Example blog',
    ...overrides,
  };
}

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'th-markdown-'));
});

afterEach(async () => {
  await chmod(root, 0o700).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

async function publish(params: Record<string, unknown>, overrides: Partial<FeedItem> = {}, idempotencyKey = 'trigger-7:guid-1'): Promise<PublishResult> {
  if (!markdownConsumer.publish) throw new Error('markdown has no publish');
  return markdownConsumer.publish(ctx, { params, account: null, item: item(overrides), text: 'template text', idempotencyKey, triggerName: 'Blog to vault' });
}

describe('markdown consumer', () => {
  it('writes one note with front matter into a new subfolder, leaving no temp file', async () => {
    const result = await publish({ folder: root, subfolder: 'Feeds/Blog', tags: ['feeds'] });
    const hash = keyHash('trigger-7:guid-1');
    const name = `2024-05-01-hello-a-first-post-${hash}.md`;
    expect(result).toEqual({ ok: true, remoteId: name, host: 'local' });

    const directory = path.join(root, 'Feeds', 'Blog');
    expect(await readdir(directory)).toEqual([name]);
    const note = await readFile(path.join(directory, name), 'utf8');
    expect(note).toBe(
      [
        '---',
        'title: "Hello: a \\"first\\" post"',
        'url: "https://example.org/posts/1"',
        'source: "Example blog"',
        'author: "Ann"',
        'published: "2024-05-01T10:00:00Z"',
        'tags:',
        '  - "feeds"',
        '  - "news"',
        '---',
        '',
        '# Hello: a "first" post',
        '',
        'Body with [a link](https://example.org/more).',
        '',
        'Source: [Example blog](https://example.org/posts/1)',
        '',
      ].join('\n'),
    );
  });

  it('does not rewrite the note on a retry with the same key, even when the item changed', async () => {
    const params = { folder: root };
    const first = await publish(params);
    expect(first.ok).toBe(true);
    const [name] = await readdir(root);
    const file = path.join(root, name ?? '');
    const before = await stat(file);
    const content = await readFile(file, 'utf8');

    // The retry after a crash: same key, but the title and date changed upstream meanwhile.
    const retry = await publish(params, { title: 'Edited title', published: null });
    expect(retry).toEqual({ ok: true, remoteId: name, duplicate: true, host: 'local' });
    expect(await readdir(root)).toEqual([name]);
    expect(await readFile(file, 'utf8')).toBe(content);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('writes a separate note for another key', async () => {
    await publish({ folder: root });
    const other = await publish({ folder: root }, { key: 'guid-2' }, 'trigger-7:guid-2');
    expect(other).toMatchObject({ ok: true });
    expect(other).not.toHaveProperty('duplicate');
    expect(await readdir(root)).toHaveLength(2);
  });

  it('clears the temp file a crashed attempt left behind and writes the note', async () => {
    const hash = keyHash('trigger-7:guid-1');
    const stale = `.${hash}.deadbeef.tmp`;
    await writeFile(path.join(root, stale), 'half a no');
    const result = await publish({ folder: root });
    expect(result).toMatchObject({ ok: true });
    expect(result).not.toHaveProperty('duplicate');
    expect(await readdir(root)).toEqual([`2024-05-01-hello-a-first-post-${hash}.md`]);
  });

  it('writes concurrent notes of different items without losing one', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => publish({ folder: root, subfolder: 'many' }, { key: `guid-${index}`, title: `Post ${index}` }, `t:${index}`)),
    );
    expect(results.every((result) => result.ok && !result.duplicate)).toBe(true);
    const names = await readdir(path.join(root, 'many'));
    expect(names.filter((name) => name.endsWith('.md'))).toHaveLength(20);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves no live markup from hostile content in the file', async () => {
    const payload =
      '<img src=x onerror=alert(1)><svg onload=alert(1)></svg><a href="jav&#x09;ascript:alert(1)">x</a>' +
      '<iframe srcdoc="<script>alert(1)</script>"></iframe><script>alert(2)</script><form action="javascript:alert(3)"></form>';
    const result = await publish({ folder: root }, { title: payload, contentHtml: payload, url: 'javascript:alert(4)' });
    expect(result.ok).toBe(true);
    const [name] = await readdir(root);
    const note = await readFile(path.join(root, name ?? ''), 'utf8');
    const body = note.slice(note.indexOf('\n---\n') + 5);
    expect(body).not.toMatch(/<\s*(script|img|svg|iframe|form|a)\b/i);
    expect(body).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(note).not.toMatch(/(?<!\\)\]\(\s*javascript:/i);
    expect(note).not.toMatch(/^url:/m);
  });

  it('refuses a relative folder and a subfolder that climbs out, permanently', async () => {
    expect(await publish({ folder: 'notes' })).toMatchObject({ ok: false, error: { kind: 'config', permanent: true } });
    expect(await publish({ folder: root, subfolder: '../elsewhere' })).toMatchObject({ ok: false, error: { kind: 'config', permanent: true } });
    expect(await publish({ folder: '' })).toMatchObject({ ok: false, error: { kind: 'config', permanent: true } });
  });

  it('fails permanently when a file stands where the folder should be', async () => {
    const blocker = path.join(root, 'not-a-folder');
    await writeFile(blocker, 'x');
    const nested = await publish({ folder: blocker, subfolder: 'inside' });
    expect(nested).toMatchObject({ ok: false, error: { kind: 'config', permanent: true, host: 'local' } });
    if (!nested.ok) expect(nested.error.message).toMatch(/ENOTDIR|EEXIST/);
    const itself = await publish({ folder: blocker });
    expect(itself).toMatchObject({ ok: false, error: { kind: 'config', permanent: true } });
  });

  it('fails permanently with EACCES when the folder cannot be written', async () => {
    const locked = path.join(root, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    // Root ignores permission bits, so act as "nobody" for the call (integration tests run in forks).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) process.seteuid?.(65534);
    let result: PublishResult;
    try {
      result = await publish({ folder: locked, subfolder: 'sub' });
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
    expect(result).toMatchObject({ ok: false, error: { kind: 'config', permanent: true, host: 'local' } });
    if (!result.ok) expect(result.error.message).toBe(`Cannot write to ${path.join(locked, 'sub')}: permission denied (EACCES)`);
  });

  it('classifies a full disk as worth retrying and a permission error as permanent', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(fileSystemError(full, '/vault')).toEqual({
      kind: 'internal',
      message: 'Cannot write to /vault: no space left on the disk (ENOSPC)',
      host: 'local',
      permanent: false,
    });
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(fileSystemError(denied, '/vault')).toMatchObject({ kind: 'config', permanent: true });
    expect(fileSystemError(new Error('odd'), '/vault')).toMatchObject({ permanent: false, message: 'Cannot write to /vault: odd' });
  });
});
