import type { TestResult } from '../../../../shared/models';
import { ExternalLink } from '../../components/external-link';
import { SanitizedHtml } from '../../components/sanitized-html';
import { formatExact } from '../../components/time-format';

// What "Test" found: each item the provider returns now and the text that would be published for
// it, or why a filter would hold it back. Titles and texts are rendered as text; the item's own
// HTML only inside a closed <details>, after DOMPurify.

function publishedText(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatExact(ms);
}

export function TestResults({ result }: { result: TestResult }) {
  if (result.error) {
    return (
      <p className="notice notice-error" role="alert">
        {result.error}
      </p>
    );
  }
  if (result.items.length === 0) return <p className="muted">The provider returned no items.</p>;
  const rendered = new Map(result.rendered.map((r) => [r.key, r]));
  return (
    <ol className="test-results" aria-label="Items that would be published">
      {result.items.map((item) => {
        const output = rendered.get(item.key);
        return (
          <li key={item.key} className="test-item" data-testid="test-item">
            <div className="test-item-head">
              <ExternalLink href={item.url} className="test-item-title">
                {item.title || '(untitled)'}
              </ExternalLink>
              {output?.filteredOut ? <span className="badge badge-skipped">Filtered: {output.filteredOut}</span> : <span className="badge badge-ok">Would publish</span>}
            </div>
            <p className="test-item-meta">
              {[item.author, item.source, item.published ? publishedText(item.published) : null].filter(Boolean).join(' · ')}
            </p>
            {output && !output.filteredOut && (
              <pre className="test-item-output">
                {output.text}
                {output.truncated && <span className="text-warning"> (shortened to the consumer’s limit)</span>}
              </pre>
            )}
            {(item.contentHtml || item.contentText) && (
              <details className="test-item-content">
                <summary>Content</summary>
                {item.contentHtml ? <SanitizedHtml className="sanitized-content" html={item.contentHtml} /> : <p>{item.contentText}</p>}
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
