import { useEffect, useMemo, useRef } from 'react';

/**
 * Calls `callback` at most once per `ms`, trailing: a burst of events (a fetch cycle over thousands
 * of triggers) becomes one reload instead of thousands.
 */
export function useThrottledCallback(callback: () => void, ms: number): () => void {
  const current = useRef(callback);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    current.current = callback;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useMemo(
    () => () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        current.current();
      }, ms);
    },
    [ms],
  );
}
