import { triggerInputSchema, type TriggerInput } from '../../shared/contract';
import { formatDuration } from './duration';
import { endpointFromFlags } from './endpoint-from-flags';
import type { ParamPair } from './param-pair';
import { UsageError } from './usage-error';
import { splitWords } from './word-list';

// `triggers add` flags into a trigger input, checked with the contract's own schema before the
// engine is opened, so a mistake is reported against the flag that caused it.

export interface TriggerAddFlags {
  name: string;
  provider: string;
  providerParam?: ParamPair[];
  providerAccount?: number;
  consumer: string;
  consumerParam?: ParamPair[];
  consumerAccount?: number;
  interval?: number;
  include?: string[];
  exclude?: string[];
  maxPerRun?: number;
  firstRunLatest?: number;
}

/** The contract's limits on a trigger's own fetch interval. */
export const MIN_INTERVAL_SECONDS = 60;
export const MAX_INTERVAL_SECONDS = 7 * 86_400;

const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  name: '--name',
  intervalSeconds: '--interval',
  include: '--include',
  exclude: '--exclude',
  maxPerRun: '--max-per-run',
  firstRunLatest: '--first-run-latest',
};

export function triggerInputFromFlags(flags: TriggerAddFlags): TriggerInput {
  if (flags.interval !== undefined && (flags.interval < MIN_INTERVAL_SECONDS || flags.interval > MAX_INTERVAL_SECONDS)) {
    throw new UsageError(
      `--interval: ${formatDuration(flags.interval)} is outside ${formatDuration(MIN_INTERVAL_SECONDS)} to ${formatDuration(MAX_INTERVAL_SECONDS)}`,
    );
  }
  const input: TriggerInput = {
    name: flags.name,
    provider: endpointFromFlags('provider', { service: flags.provider, params: flags.providerParam ?? [], accountId: flags.providerAccount }),
    consumer: endpointFromFlags('consumer', { service: flags.consumer, params: flags.consumerParam ?? [], accountId: flags.consumerAccount }),
    include: splitWords(flags.include ?? []),
    exclude: splitWords(flags.exclude ?? []),
    ...(flags.interval !== undefined ? { intervalSeconds: flags.interval } : {}),
    ...(flags.maxPerRun !== undefined ? { maxPerRun: flags.maxPerRun } : {}),
    ...(flags.firstRunLatest !== undefined ? { firstRunLatest: flags.firstRunLatest } : {}),
  };
  const checked = triggerInputSchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const where = FLAG_OF_FIELD[field] ?? (issue?.path.map(String).join('.') || 'trigger');
    throw new UsageError(`${where}: ${issue?.message ?? 'invalid value'}`);
  }
  return input;
}
