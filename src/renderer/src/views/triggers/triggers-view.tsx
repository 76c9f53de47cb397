import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { TriggerView } from '../../../../shared/models';
import { useClient } from '../../client/client-context';
import { serviceLabel, useServices } from '../../client/services-context';
import { AppIcon } from '../../components/app-icons';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toasts';
import { useContractEvent } from '../../hooks/use-contract-event';
import { useQuery } from '../../hooks/use-query';
import { useThrottledCallback } from '../../hooks/use-throttled-callback';
import { navigate } from '../../navigation';
import { endpointSummary } from './endpoint-summary';
import { OpmlImportDialog } from './opml-import-dialog';
import { TriggerRow } from './trigger-row';

// The home view. Rows are virtualised: thousands of triggers (a big OPML import) render as fast
// as ten. Engine events reload the list, throttled so a busy cycle is one reload a second.

const ROW_HEIGHT = 68;

export function TriggersView() {
  const client = useClient();
  const toast = useToast();
  const { byId } = useServices();
  const query = useQuery('triggers.list', {});
  const [triggers, setTriggers] = useState<TriggerView[]>([]);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [running, setRunning] = useState<ReadonlySet<number>>(new Set());
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    if (query.value) setTriggers(query.value);
  }, [query.value]);
  const reload = useThrottledCallback(query.reload, 1000);
  useContractEvent('triggers:changed', reload);
  useContractEvent('run:added', reload);
  useContractEvent('trigger:paused', reload);

  const visible = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    const sorted = [...triggers].sort((a, b) => a.name.localeCompare(b.name));
    if (!needle) return sorted;
    return sorted.filter((t) =>
      [t.name, serviceLabel(byId, t.provider.service), serviceLabel(byId, t.consumer.service), endpointSummary(t.provider.params), endpointSummary(t.consumer.params)]
        .join(' ')
        .toLowerCase()
        .includes(needle),
    );
  }, [triggers, deferredSearch, byId]);

  const toggle = useCallback(
    async (trigger: TriggerView, enabled: boolean) => {
      setTriggers((all) => all.map((t) => (t.id === trigger.id ? { ...t, enabled } : t)));
      const result = await client.invoke('triggers.setEnabled', { id: trigger.id, enabled });
      if (result.ok) setTriggers((all) => all.map((t) => (t.id === trigger.id ? result.value : t)));
      else {
        setTriggers((all) => all.map((t) => (t.id === trigger.id ? trigger : t)));
        toast(`${trigger.name}: ${result.error.message}`, 'error');
      }
    },
    [client, toast],
  );

  const run = useCallback(
    async (trigger: TriggerView) => {
      setRunning((set) => new Set(set).add(trigger.id));
      const result = await client.invoke('triggers.run', { id: trigger.id });
      setRunning((set) => {
        const next = new Set(set);
        next.delete(trigger.id);
        return next;
      });
      if (!result.ok) {
        toast(`${trigger.name}: ${result.error.message}`, 'error');
        return;
      }
      const found = result.value.reduce((sum, run) => sum + run.newCount, 0);
      const published = result.value.reduce((sum, run) => sum + run.publishedCount, 0);
      const failed = result.value.find((run) => run.outcome === 'error');
      if (failed) toast(`${trigger.name}: ${failed.message ?? 'failed'}`, 'error');
      else toast(`${trigger.name}: ${found} new, ${published} published`, 'success');
      query.reload();
    },
    [client, toast, query],
  );

  // Stable, so memoised rows do not re-render when an unrelated row changes.
  const onToggle = useCallback((trigger: TriggerView, enabled: boolean) => void toggle(trigger, enabled), [toggle]);
  const onRun = useCallback((trigger: TriggerView) => void run(trigger), [run]);

  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is used as documented; its values are read in render only
  const virtualizer = useVirtualizer({ count: visible.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  const enabledCount = triggers.filter((t) => t.enabled).length;
  const loaded = query.value !== undefined;
  const actions = (
    <>
      <button type="button" className="button" onClick={() => setImporting(true)}>
        <AppIcon name="upload" size={16} />
        Import OPML
      </button>
      <button type="button" className="button button-primary" onClick={() => navigate({ view: 'trigger-new' })}>
        <AppIcon name="plus" size={16} />
        New trigger
      </button>
    </>
  );

  return (
    <div className="view view-fill">
      <PageHeader title="Triggers" subtitle={loaded ? `${triggers.length} triggers · ${enabledCount} enabled` : 'Loading…'} actions={actions} />
      {query.error && <ErrorNotice title="Could not load the triggers" error={query.error} onRetry={query.reload} />}
      {loaded && triggers.length === 0 ? (
        <EmptyState
          title="No triggers yet"
          actions={
            <>
              <button type="button" className="button button-primary" onClick={() => navigate({ view: 'trigger-new' })}>
                Add a trigger
              </button>
              <button type="button" className="button" onClick={() => setImporting(true)}>
                Import OPML
              </button>
            </>
          }
        >
          <p>A trigger watches a provider (a feed) and publishes each new item to a consumer: a Markdown folder, a webhook…</p>
          <p>Start with one trigger, or bring your feed reader’s subscriptions as an OPML file.</p>
        </EmptyState>
      ) : (
        loaded && (
          <>
            <div className="toolbar">
              <label className="search-box">
                <AppIcon name="search" size={16} />
                <span className="visually-hidden">Search triggers</span>
                <input type="search" value={search} placeholder="Search triggers" onChange={(event) => setSearch(event.target.value)} />
              </label>
              {deferredSearch && (
                <span className="muted" role="status">
                  {visible.length} of {triggers.length}
                </span>
              )}
            </div>
            <div ref={scroller} className="list-scroller" role="list" aria-label="Triggers">
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((row) => {
                  const trigger = visible[row.index];
                  if (!trigger) return null;
                  return (
                    <div key={trigger.id} role="listitem" className="virtual-row" style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}>
                      <TriggerRow
                        trigger={trigger}
                        providerLabel={serviceLabel(byId, trigger.provider.service)}
                        consumerLabel={serviceLabel(byId, trigger.consumer.service)}
                        running={running.has(trigger.id)}
                        onToggle={onToggle}
                        onRun={onRun}
                      />
                    </div>
                  );
                })}
              </div>
              {visible.length === 0 && <p className="muted list-empty">No trigger matches “{deferredSearch}”.</p>}
            </div>
          </>
        )
      )}
      <OpmlImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        onImported={query.reload}
      />
    </div>
  );
}
