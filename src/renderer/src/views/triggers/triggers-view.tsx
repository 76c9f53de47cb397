import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { TriggerView } from '../../../../shared/models';
import { useClient } from '../../client/client-context';
import { serviceLabel, useServices } from '../../client/services-context';
import { AppIcon } from '../../components/app-icons';
import { byName } from '../../components/name-order';
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
import { TriggerList } from './trigger-list';

// The home view: search, the trigger list, and the way in for new triggers. Engine events reload
// the list, throttled so a busy cycle is one reload a second.

export function TriggersView() {
  const client = useClient();
  const toast = useToast();
  const { byId } = useServices();
  const query = useQuery('triggers.list', {});
  // Answers to our own actions (toggle) shown at once, until the next list arrives.
  const [patches, setPatches] = useState<{ base: TriggerView[] | undefined; byId: ReadonlyMap<number, TriggerView> }>({ base: undefined, byId: new Map() });
  const base = useRef(query.value);
  useEffect(() => {
    base.current = query.value;
  }, [query.value]);
  const triggers = useMemo(() => {
    const list = query.value ?? [];
    return patches.base === query.value && patches.byId.size > 0 ? list.map((t) => patches.byId.get(t.id) ?? t) : list;
  }, [query.value, patches]);
  const patch = useCallback((trigger: TriggerView) => {
    setPatches((previous) => {
      const byId = new Map(previous.base === base.current ? previous.byId : []);
      byId.set(trigger.id, trigger);
      return { base: base.current, byId };
    });
  }, []);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [running, setRunning] = useState<ReadonlySet<number>>(new Set());
  const [importing, setImporting] = useState(false);

  const reload = useThrottledCallback(query.reload, 1000);
  useContractEvent('triggers:changed', reload);
  useContractEvent('run:added', reload);
  useContractEvent('trigger:paused', reload);

  const visible = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    const sorted = [...triggers].sort(byName);
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
      patch({ ...trigger, enabled });
      const result = await client.invoke('triggers.setEnabled', { id: trigger.id, enabled });
      if (result.ok) patch(result.value);
      else {
        patch(trigger);
        toast(`${trigger.name}: ${result.error.message}`, 'error');
      }
    },
    [client, toast, patch],
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
            <TriggerList triggers={visible} byId={byId} running={running} onToggle={onToggle} onRun={onRun} emptyText={`No trigger matches “${deferredSearch}”.`} />
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
