import type { Settings } from '../../../../shared/settings';

// The settings the window offers, with the unit the user types in. Limits mirror the settings
// schema for the inputs' min/max; the engine validates and its issues name the field.

export interface NumberSetting {
  key: { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];
  label: string;
  hint: string;
  /** Seconds per unit the user types (60 for minutes). */
  scale: number;
  unit: string;
  min: number;
  max: number;
}

export const SCHEDULE_SETTINGS: NumberSetting[] = [
  { key: 'fetchIntervalSeconds', label: 'Check feeds every', hint: 'Each trigger can override this.', scale: 60, unit: 'minutes', min: 1, max: 10_080 },
  { key: 'publishIntervalSeconds', label: 'Publish waiting items every', hint: 'How often the outbox is sent.', scale: 60, unit: 'minutes', min: 1, max: 1440 },
];

export const WORK_SETTINGS: NumberSetting[] = [
  { key: 'poolSize', label: 'Worker threads', hint: '0 picks min(4, processor cores).', scale: 1, unit: 'threads', min: 0, max: 16 },
  { key: 'perHostCap', label: 'Connections per host', hint: 'Politeness towards each server; 2 is the etiquette.', scale: 1, unit: 'at once', min: 1, max: 16 },
  { key: 'requestTimeoutSeconds', label: 'Request timeout', hint: 'A server slower than this counts as failed.', scale: 1, unit: 'seconds', min: 1, max: 300 },
  { key: 'maxConsecutiveFailures', label: 'Pause a trigger after', hint: 'Failures in a row before it stops and tells you.', scale: 1, unit: 'failures', min: 1, max: 1000 },
  { key: 'retentionDays', label: 'Keep sent items and activity for', hint: 'Older entries are cleaned up daily.', scale: 1, unit: 'days', min: 1, max: 3650 },
];

export function toDisplay(setting: NumberSetting, seconds: number): string {
  const value = seconds / setting.scale;
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}

export function fromDisplay(setting: NumberSetting, text: string): number {
  const value = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(value) ? Number.NaN : Math.round(value * setting.scale);
}
