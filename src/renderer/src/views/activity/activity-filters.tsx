import { memo, useId } from 'react';
import { RUN_OUTCOMES, type RunOutcome, type TriggerView } from '../../../../shared/models';
import { SearchBox } from '../../components/search-box';
import { TriggerFilter } from '../../components/trigger-filter';

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
  return (
    <div className="toolbar" role="search" aria-label="Filter activity">
      <SearchBox label="Search activity" placeholder="Search messages and triggers" value={text} onChange={onText} />
      <TriggerFilter triggers={triggers} value={triggerId} onChange={onTrigger} />
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
