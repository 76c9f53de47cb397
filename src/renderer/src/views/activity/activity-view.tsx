import { useMemo, useState } from 'react';
import type { RunOutcome } from '../../../../shared/models';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useQuery } from '../../hooks/use-query';
import { ActivityFilters } from './activity-filters';
import { RunList } from './run-list';
import { useRunLog } from './run-log';

// The activity log, live: filters on top, the virtualised list below.

export function ActivityView({ triggerId: initialTrigger }: { triggerId?: number }) {
  const [triggerId, setTriggerId] = useState<number | undefined>(initialTrigger);
  const [outcome, setOutcome] = useState<RunOutcome | undefined>(undefined);
  const [text, setText] = useState('');
  const settledText = useDebouncedValue(text, 250);
  const filters = useMemo(() => ({ triggerId, outcome, text: settledText.trim() || undefined }), [triggerId, outcome, settledText]);
  const filtered = Boolean(filters.triggerId || filters.outcome || filters.text);
  const log = useRunLog(filters);
  // The trigger picker's names are asked for after the first page of runs: on a single-threaded
  // engine a long trigger list would otherwise hold up what the user came to see.
  const triggers = useQuery('triggers.list', {}, { enabled: log.rows.length > 0 || !log.loading });
  const noTriggers = useMemo(() => [], []);

  return (
    <div className="view view-fill">
      <PageHeader title="Activity" subtitle={log.loading ? 'Loading…' : `${log.rows.length.toLocaleString()}${log.complete ? '' : '+'} runs${filtered ? ' match' : ''}`} />
      <ActivityFilters
        triggers={triggers.value ?? noTriggers}
        text={text}
        triggerId={triggerId}
        outcome={outcome}
        onText={setText}
        onTrigger={setTriggerId}
        onOutcome={setOutcome}
      />
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
      <RunList
        rows={log.rows}
        loadOlder={log.loadOlder}
        prepended={log.prepended}
        empty={!log.loading && log.rows.length === 0 ? `No runs ${filtered ? 'match these filters' : 'yet: they appear here as triggers run'}.` : null}
      />
    </div>
  );
}
