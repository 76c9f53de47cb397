import { useId, useMemo } from 'react';
import type { TriggerView } from '../../../shared/models';
import { byName } from './name-order';

// "Trigger: [All triggers ▾]" in a view's toolbar, triggers by name. With thousands of triggers
// this is thousands of <option>s, so the sorted list is kept until the triggers change.

export function TriggerFilter({ triggers, value, onChange }: { triggers: readonly TriggerView[]; value: number | undefined; onChange: (id: number | undefined) => void }) {
  const id = useId();
  const sorted = useMemo(() => [...triggers].sort(byName), [triggers]);
  return (
    <>
      <label className="inline-field" htmlFor={id}>
        Trigger
      </label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value ? Number(event.target.value) : undefined)}>
        <option value="">All triggers</option>
        {sorted.map((trigger) => (
          <option key={trigger.id} value={trigger.id}>
            {trigger.name}
          </option>
        ))}
      </select>
    </>
  );
}
