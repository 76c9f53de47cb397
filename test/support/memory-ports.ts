import type { SecretsPort, SettingsPort } from '../../src/main/engine/ports';
import { settingsSchema, type Settings } from '../../src/shared/settings';

// Settings and secrets kept in memory, for engines that must leave nothing behind: the tests'
// harness and the benchmark's engine runs.

export class MemorySettings implements SettingsPort {
  private value: Settings;
  constructor(initial: Partial<Settings> = {}) {
    this.value = settingsSchema.parse(initial);
  }
  get(): Settings {
    return this.value;
  }
  update(patch: Partial<Settings>): Settings {
    this.value = settingsSchema.parse({ ...this.value, ...patch });
    return this.value;
  }
}

export class MemorySecrets implements SecretsPort {
  readonly values = new Map<string, string>();
  get(ref: string): string | null {
    return this.values.get(ref) ?? null;
  }
  set(ref: string, value: string): void {
    this.values.set(ref, value);
  }
  delete(ref: string): void {
    this.values.delete(ref);
  }
}
