import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ServiceInfo, TriggerView } from '../../../../shared/models';
import { serviceLabel } from '../../client/services-context';
import { TriggerRow } from './trigger-row';

// The triggers, virtualised: thousands (a big OPML import) render as fast as ten, and scrolling
// re-renders this list only, not the view around it.

const ROW_HEIGHT = 68;

export function TriggerList({
  triggers,
  byId,
  running,
  onToggle,
  onRun,
  emptyText,
}: {
  triggers: readonly TriggerView[];
  byId: Map<string, ServiceInfo>;
  running: ReadonlySet<number>;
  onToggle: (trigger: TriggerView, enabled: boolean) => void;
  onRun: (trigger: TriggerView) => void;
  emptyText: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is used as documented; its values are read in render only
  const virtualizer = useVirtualizer({ count: triggers.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  return (
    <div ref={scroller} className="list-scroller" role="list" aria-label="Triggers">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const trigger = triggers[row.index];
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
      {triggers.length === 0 && <p className="muted list-empty">{emptyText}</p>}
    </div>
  );
}
