import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/shared/models';
import { compileFilter, compileMatcher, FilterSyntaxError } from '../../src/main/engine/filters';

function item(title: string, text = ''): FeedItem {
  return { key: title, title, url: null, contentHtml: null, contentText: text, author: null, published: null, tags: [], source: null };
}

describe('filters', () => {
  it('passes everything when there are no words', () => {
    expect(compileFilter([], []).reject(item('anything'))).toBeNull();
  });

  it('includes on any word, case-insensitively, in title or text', () => {
    const filter = compileFilter(['python', 'Rust'], []);
    expect(filter.reject(item('New RUST release'))).toBeNull();
    expect(filter.reject(item('Weekly', 'all about Python'))).toBeNull();
    expect(filter.reject(item('Go 1.30'))).toBe('filter: none of python, Rust');
  });

  it('excludes after including, naming the word', () => {
    const filter = compileFilter(['release'], ['beta']);
    expect(filter.reject(item('Release 2.0 Beta'))).toBe('filter: contains beta');
  });

  it('accepts /patterns/ and reports bad ones', () => {
    expect(compileMatcher('/^v\\d+\\.\\d+$/')('v2.10')).toBe(true);
    expect(compileMatcher('/^v\\d+$/')('version 2')).toBe(false);
    expect(() => compileMatcher('/(unclosed/')).toThrow(FilterSyntaxError);
  });
});
