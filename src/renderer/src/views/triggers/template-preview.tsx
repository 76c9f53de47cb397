import { useEffect, useState } from 'react';
import type { TriggerInput } from '../../../../shared/contract';
import type { TestResult } from '../../../../shared/models';
import { useClient } from '../../client/client-context';
import { useDebouncedValue } from '../../hooks/use-debounced-value';

// The message as the consumer would receive it, made by the engine ('triggers.test') from the
// newest item the provider returns now, with the consumer's length limit applied. Re-asked a
// moment after the user stops typing; nothing is published.

type Answer = { request: string } & ({ kind: 'done'; result: TestResult } | { kind: 'failed'; message: string });

export function TemplatePreview({ input, ready, maxLength }: { input: TriggerInput; ready: boolean; maxLength: number | null }) {
  const client = useClient();
  const settled = useDebouncedValue(JSON.stringify(input), 700);
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (!ready) return;
    let current = true;
    const parsed = JSON.parse(settled) as TriggerInput;
    // The preview needs no real name; the engine validates the whole input.
    void client.invoke('triggers.test', { ...parsed, name: parsed.name.trim() || 'Preview' }).then((result) => {
      if (!current) return;
      if (!result.ok) setAnswer({ request: settled, kind: 'failed', message: result.error.message });
      else if (result.value.error) setAnswer({ request: settled, kind: 'failed', message: result.value.error });
      else setAnswer({ request: settled, kind: 'done', result: result.value });
    });
    return () => {
      current = false;
    };
  }, [client, settled, ready]);

  const loading = ready && answer?.request !== settled;
  const first = answer?.kind === 'done' ? answer.result.rendered[0] : undefined;
  return (
    <div className="template-preview" aria-live="polite" aria-busy={loading}>
      <div className="template-preview-header">
        <span>Preview</span>
        {first && (
          <span className={first.truncated ? 'text-warning' : 'muted'}>
            {[...first.text].length}
            {maxLength ? ` / ${maxLength}` : ''} characters{first.truncated ? ', shortened' : ''}
          </span>
        )}
      </div>
      {!ready && <p className="muted">Fill in the provider to see a preview made from its latest item.</p>}
      {ready && loading && !answer && <p className="muted">Fetching the latest item…</p>}
      {ready && answer?.kind === 'failed' && <p className="text-error">{answer.message}</p>}
      {ready && answer?.kind === 'done' && !first && <p className="muted">The provider has no items right now.</p>}
      {ready && first && <pre className="template-preview-text">{first.text}</pre>}
    </div>
  );
}
