import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunOutcome, RunView } from '../../../../shared/models';
import type { ContractError } from '../../../../shared/result';
import { useClient } from '../../client/client-context';
import { useContractEvent } from '../../hooks/use-contract-event';

// The activity log as the view needs it: newest first, the first page at once, older pages on
// demand (keyset paging with beforeId, so page 100 costs what page 1 costs), and new runs pushed
// in live as 'run:added' arrives, when they match the filters.

export interface RunFilters {
  triggerId?: number;
  outcome?: RunOutcome;
  text?: string;
}

const FIRST_PAGE = 1000;
const NEXT_PAGE = 5000;

export function matchesFilters(run: RunView, filters: RunFilters): boolean {
  if (filters.triggerId !== undefined && run.triggerId !== filters.triggerId) return false;
  if (filters.outcome !== undefined && run.outcome !== filters.outcome) return false;
  const text = filters.text?.trim().toLowerCase();
  if (text) return [run.triggerName, run.message ?? '', run.provider, run.consumer].join(' ').toLowerCase().includes(text);
  return true;
}

interface Log {
  /** The filters these rows answer; while it differs from the current ones, we are loading. */
  key: string;
  rows: RunView[];
  complete: boolean;
  error: ContractError | null;
  /** How many rows the last live update put on top (the view keeps its scroll anchored). */
  prepended: { count: number; serial: number };
}

export function useRunLog(filters: RunFilters) {
  const client = useClient();
  const key = JSON.stringify(filters);
  const [log, setLog] = useState<Log>({ key: '', rows: [], complete: false, error: null, prepended: { count: 0, serial: 0 } });
  const loadingOlder = useRef(false);

  useEffect(() => {
    let current = true;
    const parsed = JSON.parse(key) as RunFilters;
    loadingOlder.current = false;
    void client.invoke('runs.list', { ...parsed, text: parsed.text || undefined, limit: FIRST_PAGE }).then((result) => {
      if (!current) return;
      setLog((previous) =>
        result.ok
          ? { key, rows: result.value, complete: result.value.length < FIRST_PAGE, error: null, prepended: { count: 0, serial: previous.prepended.serial + 1 } }
          : { ...previous, key, error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [client, key]);

  const loading = log.key !== key;
  const loadOlder = useCallback(() => {
    const oldest = log.rows.at(-1);
    if (!oldest || log.complete || loadingOlder.current || loading) return;
    loadingOlder.current = true;
    const parsed = JSON.parse(key) as RunFilters;
    void client.invoke('runs.list', { ...parsed, text: parsed.text || undefined, beforeId: oldest.id, limit: NEXT_PAGE }).then((result) => {
      loadingOlder.current = false;
      setLog((previous) => {
        // Filters changed meanwhile: this page belongs to another list.
        if (previous.key !== key) return previous;
        if (!result.ok) return { ...previous, error: result.error };
        return { ...previous, rows: [...previous.rows, ...result.value], complete: result.value.length < NEXT_PAGE };
      });
    });
  }, [client, key, log.rows, log.complete, loading]);

  useContractEvent('run:added', (run) => {
    if (!matchesFilters(run, JSON.parse(key) as RunFilters)) return;
    setLog((previous) =>
      previous.key !== key || previous.rows.some((r) => r.id === run.id)
        ? previous
        : { ...previous, rows: [run, ...previous.rows], prepended: { count: 1, serial: previous.prepended.serial + 1 } },
    );
  });

  return { rows: log.rows, error: log.error, loading, complete: log.complete, loadOlder, prepended: log.prepended };
}
