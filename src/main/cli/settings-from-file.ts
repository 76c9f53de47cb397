import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/settings';

// The settings file is shared with the desktop app and may be edited by hand, so a bad value must
// never stop the engine: each setting is checked on its own, and one that is unknown or invalid
// falls back to its default with a warning naming it. Values in an obviously recoverable form
// ("900", "false") are converted, as the desktop app's reader does (desktop/stored-settings.ts),
// so both front ends see the same settings in the same file.

/** Keys electron-store and conf keep for themselves (migrations bookkeeping). */
const INTERNAL_KEYS = new Set(['__internal__']);

export function settingsFromFile(stored: unknown, warn: (message: string) => void, fileName = 'settings.json'): Settings {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    warn(`${fileName} does not hold an object; using the default settings`);
    return { ...DEFAULT_SETTINGS };
  }
  const fields = settingsSchema.shape;
  const accepted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (INTERNAL_KEYS.has(key)) continue;
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      warn(`${fileName}: unknown setting "${key}" ignored`);
      continue;
    }
    const parsed = fields[key as keyof typeof fields].safeParse(recoverable(value));
    if (parsed.success) {
      accepted[key] = parsed.data;
    } else {
      const fallback = JSON.stringify(DEFAULT_SETTINGS[key as keyof Settings]);
      warn(`${fileName}: ${key} = ${JSON.stringify(value)} is invalid (${parsed.error.issues[0]?.message ?? 'invalid'}); using the default ${fallback}`);
    }
  }
  return settingsSchema.parse(accepted);
}

function recoverable(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  return value;
}
