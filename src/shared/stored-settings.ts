import { DEFAULT_SETTINGS, settingsSchema, type Settings } from './settings';

// Reading the settings file leniently. The file is shared with the headless command and can be
// edited by hand, so one bad value must not cost the user the others or stop the app: each key is
// checked on its own against settingsSchema, values in an obviously recoverable form are converted
// ("900" → 900, "false" → false), and whatever is still invalid or unknown is left out, so its
// default applies. Each dropped key is reported. The desktop app (electron-store) and the headless
// command (conf) both read the one file through this.

/** Keys conf/electron-store keep for themselves (the migrations marker). */
export const STORE_INTERNAL_KEY = '__internal__';

export interface StoredSettings {
  /** The valid keys found, converted; absent keys take their defaults when parsed. */
  values: Partial<Settings>;
  problems: string[];
}

export function readStoredSettings(stored: unknown): StoredSettings {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return { values: {}, problems: ['the settings file does not hold an object; using the defaults'] };
  }
  const fields = settingsSchema.shape;
  const values: Partial<Record<keyof Settings, unknown>> = {};
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(stored)) {
    if (key === STORE_INTERNAL_KEY) continue;
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      problems.push(`unknown setting "${key}" ignored`);
      continue;
    }
    const parsed = fields[key as keyof typeof fields].safeParse(recoverable(raw));
    if (parsed.success) values[key as keyof Settings] = parsed.data;
    else problems.push(`${key} = ${JSON.stringify(raw)} is invalid (${parsed.error.issues[0]?.message ?? 'invalid'}); using the default ${JSON.stringify(DEFAULT_SETTINGS[key as keyof Settings])}`);
  }
  return { values: values as Partial<Settings>, problems };
}

/** Every setting, defaults filled in. */
export function settingsFromStore(stored: unknown): { settings: Settings; problems: string[] } {
  const { values, problems } = readStoredSettings(stored);
  return { settings: settingsSchema.parse(values), problems };
}

function recoverable(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  return value;
}
