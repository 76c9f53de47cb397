import { memo, useId, useMemo } from 'react';
import { RUN_OUTCOMES, type RunOutcome, type TriggerView } from '../../../../shared/models';
import { AppIcon } from '../../components/app-icons';
import { byName } from '../../components/name-order';

// The Activity toolbar. Its own memoised component: with thousands of triggers the trigger
// picker is thousands of <option>s, and it must not re-render on every scrolled frame.

const OUTCOME_LABEL: Record<RunOutcome, string> = { ok: 'OK', unchanged: 'No change', error: 'Error', skipped: 'Skipped' };

export const ActivityFilters = memo(function ActivityFilters({
  triggers,
  text,
  triggerId,
  outcome,
  onText,
  onTrigger,
  onOutcome,
}: {
  triggers: readonly TriggerView[];
  text: string;
  triggerId: number | undefined;
  outcome: RunOutcome | undefined;
  onText: (text: string) => void;
  onTrigger: (id: number | undefined) => void;
  onOutcome: (outcome: RunOutcome | undefined) => void;
}) {
  const id = useId();
  const sorted = useMemo(() => [...triggers].sort(byName), [triggers]);
  return (
    <div className="toolbar" role="search" aria-label="Filter activity">
      <label className="search-box">
        <AppIcon name="search" size={16} />
        <span className="visually-hidden">Search activity</span>
        <input type="search" value={text} placeholder="Search messages and triggers" onChange={(event) => onText(event.target.value)} />
      </label>
      <label className="inline-field" htmlFor={`${id}-trigger`}>
        Trigger
      </label>
      <select id={`${id}-trigger`} value={triggerId ?? ''} onChange={(event) => onTrigger(event.target.value ? Number(event.target.value) : undefined)}>
        <option value="">All triggers</option>
        {sorted.map((trigger) => (
          <option key={trigger.id} value={trigger.id}>
            {trigger.name}
          </option>
        ))}
      </select>
      <label className="inline-field" htmlFor={`${id}-outcome`}>
        Outcome
      </label>
      <select id={`${id}-outcome`} value={outcome ?? ''} onChange={(event) => onOutcome((event.target.value || undefined) as RunOutcome | undefined)}>
        <option value="">Any</option>
        {RUN_OUTCOMES.map((value) => (
          <option key={value} value={value}>
            {OUTCOME_LABEL[value]}
          </option>
        ))}
      </select>
    </div>
  );
});
