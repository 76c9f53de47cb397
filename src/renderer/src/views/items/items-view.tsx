import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ItemState, ItemView, TriggerView } from '../../../../shared/models';
import type { ContractError } from '../../../../shared/result';
import { useClient } from '../../client/client-context';
import { AppIcon } from '../../components/app-icons';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { ExternalLink } from '../../components/external-link';
import { safeHttpUrl } from '../../components/http-url';
import { PageHeader } from '../../components/page-header';
import { SearchBox } from '../../components/search-box';
import { TimeLabel } from '../../components/time-label';
import { TriggerFilter } from '../../components/trigger-filter';
import { useToast } from '../../components/toasts';
import { useContractEvent } from '../../hooks/use-contract-event';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useQuery } from '../../hooks/use-query';
import { useThrottledCallback } from '../../hooks/use-throttled-callback';

// The outbox: what was found and where it stands. Failed items can be resent, waiting ones skipped,
// and any item's link opened. Titles and errors come from remote servers and are shown as text.

const PAGE = 200;
const STATE_TABS: Array<{ state: ItemState | undefined; label: string }> = [
  { state: undefined, label: 'All' },
  { state: 'pending', label: 'Waiting' },
  { state: 'retry', label: 'Retrying' },
  { state: 'failed', label: 'Failed' },
  { state: 'sent', label: 'Sent' },
  { state: 'skipped', label: 'Skipped' },
  { state: 'filtered', label: 'Filtered' },
];
const STATE_TEXT: Record<ItemState, string> = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', retry: 'Retrying', failed: 'Failed', skipped: 'Skipped', filtered: 'Filtered' };

/** Until the triggers load (one array, so the filter's sorted list is not rebuilt on every render). */
const NO_TRIGGERS: readonly TriggerView[] = [];

export function ItemsView({ triggerId: initialTrigger }: { triggerId?: number }) {
  const client = useClient();
  const toast = useToast();
  const [itemsShown, setItemsShown] = useState(false);
  // Names for the trigger picker, asked for after the first page of items (see ActivityView).
  const triggers = useQuery('triggers.list', {}, { enabled: itemsShown });
  const [state, setState] = useState<ItemState | undefined>(undefined);
  const [triggerId, setTriggerId] = useState<number | undefined>(initialTrigger);
  const [text, setText] = useState('');
  const settledText = useDebouncedValue(text.trim(), 250);
  const [generation, setGeneration] = useState(0);
  const query = useMemo(() => ({ state, triggerId, text: settledText || undefined }), [state, triggerId, settledText]);
  const request = `${JSON.stringify(query)}\n${generation}`;
  // Set only when an answer arrives; loading while it answers an older request.
  const [page, setPage] = useState<{ request: string; items: ItemView[]; more: boolean; error: ContractError | null }>({ request: '', items: [], more: false, error: null });
  const { items, more, error } = page;
  const loading = page.request !== request;

  useEffect(() => {
    let current = true;
    void client.invoke('items.list', { ...query, limit: PAGE }).then((result) => {
      if (!current) return;
      setItemsShown(true);
      setPage((previous) => (result.ok ? { request, items: result.value, more: result.value.length === PAGE, error: null } : { ...previous, request, error: result.error }));
    });
    return () => {
      current = false;
    };
  }, [client, query, request]);

  const refresh = useThrottledCallback(() => setGeneration((n) => n + 1), 1000);
  useContractEvent('items:new', refresh);
  useContractEvent('run:added', (run) => {
    if (run.kind === 'publish') refresh();
  });

  const loadMore = async () => {
    const oldest = items.at(-1);
    if (!oldest) return;
    const result = await client.invoke('items.list', { ...query, limit: PAGE, beforeId: oldest.id });
    setPage((p) => (result.ok ? { ...p, items: [...p.items, ...result.value], more: result.value.length === PAGE } : { ...p, error: result.error }));
  };

  const act = useCallback(
    async (item: ItemView, channel: 'items.resend' | 'items.skip') => {
      const result = await client.invoke(channel, { id: item.id });
      if (!result.ok) {
        toast(result.error.message, 'error');
        return;
      }
      toast(channel === 'items.resend' ? `“${item.title}” will be sent${item.state === 'sent' ? ' again' : ''}` : `Skipped “${item.title}”`, 'success');
      setPage((p) => ({ ...p, items: p.items.map((i) => (i.id === item.id ? result.value : i)) }));
    },
    [client, toast],
  );


  return (
    <div className="view">
      <PageHeader title="Items" subtitle="Everything the triggers found, and where each item stands." />
      <div className="segmented" role="group" aria-label="Show items">
        {STATE_TABS.map((tab) => (
          <button key={tab.label} type="button" className="segment" aria-pressed={state === tab.state} onClick={() => setState(tab.state)}>
            {tab.label}
          </button>
        ))}
      </div>
      <div className="toolbar" role="search" aria-label="Filter items">
        <SearchBox label="Search items" placeholder="Search titles" value={text} onChange={setText} />
        <TriggerFilter triggers={triggers.value ?? NO_TRIGGERS} value={triggerId} onChange={setTriggerId} />
      </div>
      {error && <ErrorNotice title="Could not load the items" error={error} onRetry={() => setGeneration((n) => n + 1)} />}
      {!loading && items.length === 0 && !error ? (
        <EmptyState title={state ? `No ${STATE_TEXT[state].toLowerCase()} items` : 'No items yet'}>
          <p>Items appear here when a trigger finds something new.</p>
        </EmptyState>
      ) : (
        <ul className="item-list" aria-label="Items" aria-busy={loading}>
          {items.map((item) => (
            <li key={item.id} className="item-row" data-testid="item-row" data-item-id={item.id}>
              <div className="item-main">
                <span className="item-title">{item.title || '(untitled)'}</span>
                <span className="item-meta">
                  {item.triggerName} · found <TimeLabel at={item.foundAt} />
                  {item.sentAt !== null && (
                    <>
                      {' '}
                      · sent <TimeLabel at={item.sentAt} />
                    </>
                  )}
                  {item.attempts > 1 && ` · ${item.attempts} attempts`}
                </span>
                {item.lastError && <span className="item-error">{item.lastError}</span>}
                {item.reason && item.state !== 'sent' && <span className="item-reason">{item.reason}</span>}
              </div>
              <span className={`badge badge-state-${item.state}`}>{STATE_TEXT[item.state]}</span>
              <div className="item-actions">
                {safeHttpUrl(item.url) && (
                  <ExternalLink href={item.url} className="button button-small button-quiet">
                    <AppIcon name="external" size={14} />
                    <span className="visually-hidden">Open link of </span>
                    <span aria-hidden="true">Open</span>
                    <span className="visually-hidden">{item.title}</span>
                  </ExternalLink>
                )}
                {item.canSend && (item.state === 'failed' || item.state === 'skipped' || item.state === 'sent' || item.state === 'filtered') && (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => void act(item, 'items.resend')}
                    aria-label={`${item.state === 'sent' ? 'Resend' : 'Send'} ${item.title}`}
                  >
                    {item.state === 'sent' ? 'Resend' : 'Send'}
                  </button>
                )}
                {(item.state === 'pending' || item.state === 'retry' || item.state === 'failed') && (
                  <button type="button" className="button button-small" onClick={() => void act(item, 'items.skip')} aria-label={`Skip ${item.title}`}>
                    Skip
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {more && (
        <div className="load-more">
          <button type="button" className="button" onClick={() => void loadMore()}>
            Load older items
          </button>
        </div>
      )}
    </div>
  );
}
