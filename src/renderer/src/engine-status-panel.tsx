import { useState } from 'react';
import type { EngineStatus } from '../../shared/models';
import { useClient } from './client/client-context';
import { AppIcon } from './components/app-icons';
import { TimeLabel } from './components/time-label';
import { useToast } from './components/toasts';
import { useContractEvent } from './hooks/use-contract-event';
import { useQuery } from './hooks/use-query';

// The engine at a glance, at the foot of the sidebar: what it is doing, pause/resume (the same
// toggle as the tray) and "Run all now".

const PHASE_TEXT: Record<EngineStatus['phase'], string> = { idle: 'Idle', working: 'Working…', paused: 'Paused', error: 'Needs attention' };

export function EngineStatusPanel() {
  const client = useClient();
  const toast = useToast();
  const query = useQuery('engine.status', {});
  // The newest of: the first answer, a pushed event, the answer to our own action.
  const [pushed, setPushed] = useState<EngineStatus | undefined>(undefined);
  const status = pushed ?? query.value;
  const [busy, setBusy] = useState(false);
  useContractEvent('engine:status', setPushed);

  const act = async (channel: 'engine.pause' | 'engine.resume' | 'engine.runNow') => {
    setBusy(true);
    const result = await client.invoke(channel, {});
    setBusy(false);
    if (result.ok) {
      setPushed(result.value);
      if (channel === 'engine.runNow') toast('Running every enabled trigger now');
    } else toast(result.error.message, 'error');
  };

  if (!status) return <div className="engine-panel muted">{query.error ? query.error.message : 'Connecting…'}</div>;
  return (
    <div className="engine-panel" aria-label="Engine">
      <div className="engine-phase">
        <span className={`phase-dot phase-${status.phase}`} aria-hidden="true" />
        <span>{PHASE_TEXT[status.phase]}</span>
      </div>
      {status.notice && <p className="engine-notice">{status.notice}</p>}
      <p className="engine-detail">
        {status.triggers.enabled} of {status.triggers.total} on
        {status.items.pending > 0 && ` · ${status.items.pending} waiting`}
        {status.items.failed > 0 && ` · ${status.items.failed} failed`}
      </p>
      {status.lastRun && (
        <p className="engine-detail">
          Last run <TimeLabel at={status.lastRun.at} />
        </p>
      )}
      <div className="engine-actions">
        <button type="button" className="button button-small" disabled={busy} onClick={() => void act(status.paused ? 'engine.resume' : 'engine.pause')}>
          <AppIcon name={status.paused ? 'play' : 'pause'} size={14} />
          {status.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="button button-small" disabled={busy || status.paused} onClick={() => void act('engine.runNow')}>
          Run all now
        </button>
      </div>
    </div>
  );
}
