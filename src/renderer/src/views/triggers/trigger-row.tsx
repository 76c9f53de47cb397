import { memo } from 'react';
import type { TriggerView } from '../../../../shared/models';
import { AppIcon } from '../../components/app-icons';
import { ServiceIcon } from '../../components/service-icon';
import { TimeLabel } from '../../components/time-label';
import { ToggleSwitch } from '../../components/toggle-switch';
import { routeHref } from '../../navigation';
import { endpointSummary } from './endpoint-summary';

// One trigger in the list: provider → consumer, name, last run and counters, the reason when it is
// failing or paused, the enabled switch and Run now. Everything from the feed is rendered as text.

const OUTCOME_TEXT = { ok: 'OK', unchanged: 'No change', error: 'Error', skipped: 'Skipped' } as const;

export const TriggerRow = memo(function TriggerRow({
  trigger,
  providerLabel,
  consumerLabel,
  running,
  onToggle,
  onRun,
}: {
  trigger: TriggerView;
  providerLabel: string;
  consumerLabel: string;
  running: boolean;
  onToggle: (trigger: TriggerView, enabled: boolean) => void;
  onRun: (trigger: TriggerView) => void;
}) {
  const lastRun = trigger.lastRun;
  const problem = trigger.pausedReason ?? (lastRun?.outcome === 'error' ? (lastRun.message ?? 'The last run failed') : null);
  return (
    <div className={`trigger-row${trigger.enabled ? '' : ' is-disabled'}`} data-testid="trigger-row" data-trigger-id={trigger.id}>
      <div className="trigger-flow">
        <ServiceIcon service={trigger.provider.service} label={providerLabel} />
        <AppIcon name="arrow" size={14} />
        <ServiceIcon service={trigger.consumer.service} label={consumerLabel} />
      </div>
      <div className="trigger-main">
        <a className="trigger-name" href={routeHref({ view: 'trigger-edit', id: trigger.id })}>
          {trigger.name}
        </a>
        <span className="trigger-summary">
          {providerLabel} {endpointSummary(trigger.provider.params)} → {consumerLabel} {endpointSummary(trigger.consumer.params)}
        </span>
      </div>
      <div className="trigger-status">
        <span className="trigger-status-line">
          {problem ? (
            <span className="badge badge-error">{trigger.pausedReason ? 'Paused' : 'Error'}</span>
          ) : lastRun ? (
            <span className={`badge badge-${lastRun.outcome}`}>{OUTCOME_TEXT[lastRun.outcome]}</span>
          ) : (
            <span className="badge">Not run yet</span>
          )}
          {lastRun && <TimeLabel at={lastRun.at} className="trigger-meta" />}
        </span>
        {problem ? (
          <span className="trigger-meta text-error" title={problem}>
            {problem}
          </span>
        ) : (
          <span className="trigger-meta">
            <span title="Items found in total">{trigger.counts.total} new</span>
            {' · '}
            <span title="Items published">{trigger.counts.sent} published</span>
            {trigger.counts.failed > 0 && <span className="text-error"> · {trigger.counts.failed} failed</span>}
          </span>
        )}
      </div>
      <div className="trigger-actions">
        <ToggleSwitch checked={trigger.enabled} label={`Enabled: ${trigger.name}`} onChange={(enabled) => onToggle(trigger, enabled)} />
        <button type="button" className="button button-small" disabled={running} onClick={() => onRun(trigger)} aria-label={`Run ${trigger.name} now`}>
          {running ? 'Running…' : 'Run now'}
        </button>
      </div>
    </div>
  );
});
