import { memo } from 'react';
import type { RunView } from '../../../../shared/models';
import { ServiceIcon } from '../../components/service-icon';
import { formatShort } from '../../components/time-format';

// One line of the log, in the spirit of Trigger Happy's "foxmask - ServiceRss - ServicePocket -
// Frandroid - 1 new data": when, which trigger, which way, what came of it.

const OUTCOME_TEXT = { ok: 'OK', unchanged: 'No change', error: 'Error', skipped: 'Skipped' } as const;

export const ActivityRow = memo(function ActivityRow({ run }: { run: RunView }) {
  const counts =
    run.kind === 'fetch'
      ? `${run.newCount} new`
      : `${run.publishedCount} published${run.failedCount > 0 ? `, ${run.failedCount} failed` : ''}`;
  return (
    <div className={`activity-row outcome-${run.outcome}`} data-testid="activity-row" data-run-id={run.id}>
      <time className="activity-time" dateTime={new Date(run.at).toISOString()}>
        {formatShort(run.at)}
      </time>
      <span className="activity-flow" aria-hidden="true">
        <ServiceIcon service={run.provider} size={16} />
        <ServiceIcon service={run.consumer} size={16} />
      </span>
      <span className="activity-trigger" title={run.triggerName}>
        {run.triggerName}
      </span>
      <span className="activity-kind">{run.kind === 'fetch' ? 'Fetch' : 'Publish'}</span>
      <span className={`badge badge-${run.outcome}`}>{OUTCOME_TEXT[run.outcome]}</span>
      <span className="activity-counts">{counts}</span>
      <span className="activity-message" title={run.message ?? undefined}>
        {run.message ?? ''}
      </span>
      <span className="activity-duration">{run.durationMs < 1000 ? `${run.durationMs} ms` : `${(run.durationMs / 1000).toFixed(1)} s`}</span>
    </div>
  );
});
