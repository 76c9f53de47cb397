import { publishCeilingPerSecond, type BenchOptions } from './options';
import type { PhaseResult, SizeResult } from './protocol';

// The benchmark's one table: a row per figure, the target next to it, a column per size. A figure
// that has a target for that size is marked ✓ or ✗; the table never decides the exit code.

export type SizeOutcome = { size: number; result: SizeResult } | { size: number; error: string };

type Cell = { text: string; verdict?: boolean };

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function count(value: number): string {
  return integerFormat.format(value);
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function phaseOf(result: SizeResult, name: PhaseResult['name']): PhaseResult | undefined {
  return result.phases.find((phase) => phase.name === name);
}

interface Row {
  label: string;
  target: string;
  cell: (result: SizeResult) => Cell;
}

export function renderTable(options: BenchOptions, outcomes: readonly SizeOutcome[], header: string[]): string {
  const ceiling = publishCeilingPerSecond(options);
  const cap = options.perHostCap;
  /** Enough items that the ramp-up of the first round does not dominate the throughput. */
  const throughputCounts = (size: number): boolean => size >= 10 * options.receivers * cap;
  const cycleRow = (label: string, name: PhaseResult['name'], target: string, limit: (size: number) => number | null): Row => ({
    label,
    target,
    cell: (result) => {
      const phase = phaseOf(result, name);
      if (!phase) return { text: '—' };
      const max = limit(result.size);
      return { text: fixed(phase.seconds, 2), verdict: max === null ? undefined : phase.seconds <= max };
    },
  });
  const loopRow = (label: string, name: PhaseResult['name']): Row => ({
    label,
    target: '≤ 20 / ≤ 100',
    cell: (result) => {
      const phase = phaseOf(result, name);
      if (!phase) return { text: '—' };
      return { text: `${fixed(phase.loopP99Ms, 1)} / ${fixed(phase.loopMaxMs, 1)}`, verdict: phase.loopP99Ms <= 20 && phase.loopMaxMs <= 100 };
    },
  });
  const rows: Row[] = [
    { label: 'setup: create the triggers (s)', target: '', cell: (result) => ({ text: fixed(result.setupSeconds, 1) }) },
    cycleRow('full fetch cycle, first run (s)', 'full', '≤ 8 (3,600), ≤ 20 (10,000)', (size) => (size === 3600 ? 8 : size === 10_000 ? 20 : null)),
    cycleRow('unchanged cycle, all 304 (s)', 'unchanged', '≤ 3.5 (3,600)', (size) => (size === 3600 ? 3.5 : null)),
    cycleRow('changed cycle, 1 new item each (s)', 'changed', '', () => null),
    cycleRow('publish cycle, 1 item per trigger (s)', 'publish', '', () => null),
    {
      label: '  feed requests: 200 / 304',
      target: '',
      cell: (result) => {
        const parts = result.phases.filter((phase) => phase.name !== 'publish').map((phase) => `${count(phase.ok)}/${count(phase.notModified)}`);
        return { text: parts.join(' ') };
      },
    },
    {
      label: '  CPU s per cycle: engine (main thread)',
      target: '',
      cell: (result) => ({
        text: result.phases.map((phase) => `${fixed(phase.engineCpuMs / 1000, 1)}(${phase.mainCpuMs === null ? '?' : fixed(phase.mainCpuMs / 1000, 1)})`).join(' '),
      }),
    },
    {
      label: '  CPU s per cycle: loopback servers',
      target: '',
      cell: (result) => ({ text: result.phases.map((phase) => fixed(phase.serverCpuMs / 1000, 1)).join(' ') }),
    },
    {
      label: 'publish throughput (items/s)',
      target: `≥ ${count(0.9 * ceiling)} (90% of ${count(ceiling)})`,
      cell: (result) => {
        const phase = phaseOf(result, 'publish');
        if (!phase || phase.seconds === 0) return { text: '—' };
        const rate = phase.deliveries / phase.seconds;
        const share = ` ${fixed((100 * rate) / ceiling, 0)}%`;
        return { text: `${count(rate)}${share}`, verdict: throughputCounts(result.size) ? rate >= 0.9 * ceiling : undefined };
      },
    },
    {
      // Where a publish cycle spends time outside the deliveries: before the first reaches its
      // receiver, and after the last answer (the last outcomes and activity rows being committed).
      label: '  first delivery after / end after last answer (ms)',
      target: '',
      cell: (result) => {
        const phase = phaseOf(result, 'publish');
        if (!phase || phase.leadMs === null || phase.tailMs === null) return { text: '—' };
        return { text: `${count(phase.leadMs)} / ${count(phase.tailMs)}` };
      },
    },
    {
      label: 'webhook deliveries / duplicates',
      target: `N / 0`,
      cell: (result) => {
        const phase = phaseOf(result, 'publish');
        if (!phase) return { text: '—' };
        return { text: `${count(phase.deliveries)} / ${count(phase.duplicates)}`, verdict: phase.duplicates === 0 && phase.deliveries === result.size };
      },
    },
    loopRow('event loop p99 / max: full (ms)', 'full'),
    loopRow('event loop p99 / max: unchanged (ms)', 'unchanged'),
    loopRow('event loop p99 / max: changed (ms)', 'changed'),
    loopRow('event loop p99 / max: publish (ms)', 'publish'),
    {
      label: 'peak RSS during the cycles (MB)',
      target: '≤ 200 (10,000)',
      cell: (result) => ({ text: `${fixed(result.peakRssMb, 0)}`, verdict: result.size === 10_000 ? result.peakRssMb <= 200 : undefined }),
    },
    { label: '  RSS after setup (MB)', target: '', cell: (result) => ({ text: fixed(result.rssAfterSetupMb, 0) }) },
    {
      label: '  at the peak: main heap used/total (MB)',
      target: '',
      cell: (result) => ({ text: result.atPeak ? `${fixed(result.atPeak.heapUsedMb, 0)}/${fixed(result.atPeak.heapTotalMb, 0)}` : '—' }),
    },
    {
      label: 'max requests in flight per host',
      target: `≤ ${cap}`,
      cell: (result) => {
        const server = Math.max(...result.phases.map((phase) => phase.maxPerHost));
        return { text: String(server), verdict: server <= cap };
      },
    },
    {
      label: '  engine gate peak / server sockets',
      target: '',
      cell: (result) =>
        ({ text: `${Math.max(...result.phases.map((phase) => phase.gatePeakPerHost))} / ${Math.max(...result.phases.map((phase) => phase.maxSocketsPerHost))}` }),
    },
    {
      label: `idle ${options.idleSeconds} s: CPU used (ms)`,
      target: '< 1% of a core',
      cell: (result) => ({ text: fixed(result.idle.cpuMs, 1), verdict: result.idle.cpuMs < 10 * options.idleSeconds }),
    },
    {
      label: '  of which the main thread (ms, 10 ms ticks)',
      target: '',
      cell: (result) => ({ text: result.idle.mainCpuMs === null ? '?' : fixed(result.idle.mainCpuMs, 0) }),
    },
    {
      label: 'idle: scheduler timers armed / fired',
      target: '≤ 1 / 0',
      cell: (result) => ({ text: `${result.idle.timersArmed} / ${result.idle.ticks}`, verdict: result.idle.timersArmed <= 1 && result.idle.ticks === 0 }),
    },
    {
      label: '  next wake-up in (s)',
      target: '',
      cell: (result) => ({ text: result.idle.nextWakeInSeconds === null ? 'none' : count(result.idle.nextWakeInSeconds) }),
    },
    {
      label: 'idle: RSS (MB) / once the worker threads exit',
      target: '',
      cell: (result) => ({
        text:
          result.idle.threadsExitedAfterSeconds === null || result.idle.rssThreadsExitedMb === null
            ? `${fixed(result.idle.rssMb, 0)} / threads still running`
            : `${fixed(result.idle.rssMb, 0)} / ${fixed(result.idle.rssThreadsExitedMb, 0)} after ${fixed(result.idle.threadsExitedAfterSeconds, 0)} s`,
      }),
    },
  ];

  const columns = outcomes.map((outcome) => count(outcome.size));
  const grid: string[][] = [['', 'target', ...columns]];
  for (const row of rows) {
    const cells = outcomes.map((outcome) => {
      if ('error' in outcome) return 'failed';
      const cell = row.cell(outcome.result);
      return cell.verdict === undefined ? cell.text : `${cell.text} ${cell.verdict ? '✓' : '✗'}`;
    });
    grid.push([row.label, row.target, ...cells]);
  }
  const widths = grid[0]?.map((_, column) => Math.max(...grid.map((line) => (line[column] ?? '').length))) ?? [];
  const lines = grid.map((line) =>
    line
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('   ')
      .trimEnd(),
  );
  const notes: string[] = [];
  for (const outcome of outcomes) {
    if ('error' in outcome) {
      notes.push(`size ${count(outcome.size)} failed: ${outcome.error.split('\n')[0] ?? ''}`);
      continue;
    }
    for (const phase of outcome.result.phases) {
      const errors = phase.outcomes.error ?? 0;
      if (errors > 0 || phase.deferred > 0) {
        notes.push(`size ${count(outcome.size)}, ${phase.name}: ${errors} runs in error, ${phase.deferred} deferred; first error: ${phase.firstError ?? '—'}`);
      }
    }
  }
  return [...header, '', ...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
