import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { RunView } from '../../../../shared/models';
import { ActivityRow } from './activity-row';

// The log itself. Only the rows in view exist in the DOM (fixed row height, so the virtualiser
// never measures), older pages are asked for as the end comes near, and a row arriving on top
// while the user reads further down does not move what they are reading. Scrolling re-renders
// this component only.

const ROW_HEIGHT = 40;
const LOAD_MARGIN = 400;

export function RunList({
  rows,
  loadOlder,
  prepended,
  empty,
}: {
  rows: readonly RunView[];
  loadOlder: () => void;
  prepended: { count: number; serial: number };
  empty: string | null;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is used as documented; its values are read in render only
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 4 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (lastIndex >= rows.length - LOAD_MARGIN) loadOlder();
  }, [lastIndex, rows.length, loadOlder]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && element.scrollTop > 0 && prepended.count > 0) element.scrollTop += prepended.count * ROW_HEIGHT;
  }, [prepended]);

  return (
    <div ref={scroller} className="list-scroller activity-scroller" role="list" aria-label="Runs, newest first" tabIndex={0} data-testid="activity-scroller">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const run = rows[item.index];
          if (!run) return null;
          return (
            <div key={run.id} role="listitem" className="virtual-row" style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
              <ActivityRow run={run} />
            </div>
          );
        })}
      </div>
      {empty && <p className="muted list-empty">{empty}</p>}
    </div>
  );
}
