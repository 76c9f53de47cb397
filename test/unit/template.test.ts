import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/shared/models';
import { graphemeLength, renderTemplate, unknownPlaceholders } from '../../src/main/engine/template';

const item: FeedItem = {
  key: 'k',
  title: 'Django 6.0 released',
  url: 'https://www.djangoproject.com/weblog/2026/dec/03/django-60-released/',
  contentHtml: '<p>Hello</p>',
  contentText: 'The Django team is happy to announce the release of Django 6.0. '.repeat(20),
  author: 'Natalia',
  published: '2026-12-03T10:00:00.000Z',
  tags: ['release', 'python web'],
  source: 'Django weblog',
};

describe('renderTemplate', () => {
  it('uses title and link when the template is empty', () => {
    expect(renderTemplate('', item, null)).toEqual({ text: `${item.title}\n${item.url}`, truncated: false });
  });

  it('fills every placeholder', () => {
    const { text } = renderTemplate('{{source}} / {{author}}: {{title}} {{tags}} {{published}}', item, null);
    expect(text).toBe('Django weblog / Natalia: Django 6.0 released #release #pythonweb 2026-12-03T10:00:00.000Z');
  });

  it('cuts the prose, never the URL, to fit the consumer limit', () => {
    const rendered = renderTemplate('{{title}}: {{content}} {{url}}', item, 120);
    expect(rendered.truncated).toBe(true);
    expect(graphemeLength(rendered.text)).toBeLessThanOrEqual(120);
    expect(rendered.text.endsWith(item.url ?? '')).toBe(true);
    expect(rendered.text).toContain('…');
  });

  it('counts graphemes, not UTF-16 units', () => {
    const emoji = { ...item, title: '👩‍👩‍👧‍👦'.repeat(10), url: null };
    const rendered = renderTemplate('{{title}}', emoji, 5);
    expect(graphemeLength(rendered.text)).toBe(5);
    expect(rendered.text.startsWith('👩‍👩‍👧‍👦')).toBe(true);
  });
});

describe('unknownPlaceholders', () => {
  it('names placeholders that do not exist', () => {
    expect(unknownPlaceholders('{{title}} {{body}} {{ url }} {{nope}}')).toEqual(['body', 'nope']);
  });
});
