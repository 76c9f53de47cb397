import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { RUN_OUTCOMES, type RunOutcome } from '../../../../shared/models';
import { AppIcon } from '../../components/app-icons';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useQuery } from '../../hooks/use-query';
import { ActivityRow } from './activity-row';
import { useRunLog } from './run-log';

// The activity log, live. Only the rows in view exist in the DOM (fixed row height, so the
// virtualiser never measures), older pages load as the end comes near, and a row arriving while
// the user reads further down does not move what they are reading.

const ROW_HEIGHT = 40;
const OUTCOME_LABEL: Record<RunOutcome, string> = { ok: 'OK', unchanged: 'No change', error: 'Error', skipped: 'Skipped' };

export function ActivityView({ triggerId: initialTrigger }: { triggerId?: number }) {
  const id = useId();
  const triggers = useQuery('triggers.list', {});
  const [triggerId, setTriggerId] = useState<number | undefined>(initialTrigger);
  const [outcome, setOutcome] = useState<RunOutcome | undefined>(undefined);
  const [text, setText] = useState('');
  const settledText = useDebouncedValue(text, 250);
  const filters = useMemo(() => ({ triggerId, outcome, text: settledText.trim() || undefined }), [triggerId, outcome, settledText]);
  const log = useRunLog(filters);

  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is used as documented; its values are read in render only
  const virtualizer = useVirtualizer({ count: log.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { loadOlder } = log;

  useEffect(() => {
    if (lastIndex >= log.rows.length - 200) loadOlder();
  }, [lastIndex, log.rows.length, loadOlder]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && element.scrollTop > 0 && log.prepended.count > 0) element.scrollTop += log.prepended.count * ROW_HEIGHT;
  }, [log.prepended]);

  const sortedTriggers = useMemo(() => [...(triggers.value ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [triggers.value]);

  return (
    <div className="view view-fill">
      <PageHeader title="Activity" subtitle={log.loading ? 'Loading…' : `${log.rows.length.toLocaleString()}${log.complete ? '' : '+'} runs${filters.triggerId || filters.outcome || filters.text ? ' match' : ''}`} />
      <div className="toolbar" role="search" aria-label="Filter activity">
        <label className="search-box">
          <AppIcon name="search" size={16} />
          <span className="visually-hidden">Search activity</span>
          <input type="search" value={text} placeholder="Search messages and triggers" onChange={(event) => setText(event.target.value)} />
        </label>
        <label className="inline-field" htmlFor={`${id}-trigger`}>
          Trigger
        </label>
        <select id={`${id}-trigger`} value={triggerId ?? ''} onChange={(event) => setTriggerId(event.target.value ? Number(event.target.value) : undefined)}>
          <option value="">All triggers</option>
          {sortedTriggers.map((trigger) => (
            <option key={trigger.id} value={trigger.id}>
              {trigger.name}
            </option>
          ))}
        </select>
        <label className="inline-field" htmlFor={`${id}-outcome`}>
          Outcome
        </label>
        <select id={`${id}-outcome`} value={outcome ?? ''} onChange={(event) => setOutcome((event.target.value || undefined) as RunOutcome | undefined)}>
          <option value="">Any</option>
          {RUN_OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {OUTCOME_LABEL[value]}
            </option>
          ))}
        </select>
      </div>
      {log.error && <ErrorNotice title="Could not load the activity" error={log.error} />}
      <div className="activity-header" aria-hidden="true">
        <span>Time</span>
        <span />
        <span>Trigger</span>
        <span>Kind</span>
        <span>Outcome</span>
        <span>Result</span>
        <span>Message</span>
        <span>Took</span>
      </div>
      <div ref={scroller} className="list-scroller activity-scroller" role="list" aria-label="Runs, newest first" tabIndex={0} data-testid="activity-scroller">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const run = log.rows[item.index];
            if (!run) return null;
            return (
              <div key={run.id} role="listitem" className="virtual-row" style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                <ActivityRow run={run} />
              </div>
            );
          })}
        </div>
        {!log.loading && log.rows.length === 0 && <p className="muted list-empty">No runs {filters.triggerId || filters.outcome || filters.text ? 'match these filters' : 'yet: they appear here as triggers run'}.</p>}
      </div>
    </div>
  );
}
