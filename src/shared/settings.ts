import { z } from 'zod';

// The user's preferences. The desktop app keeps them with electron-store, the headless command with
// conf, in the same JSON format; the engine only ever sees a parsed, defaulted `Settings`.

export const settingsSchema = z.object({
  fetchIntervalSeconds: z.number().int().min(60).max(7 * 86_400).default(900),
  publishIntervalSeconds: z.number().int().min(10).max(86_400).default(900),
  /** Worker threads; 0 means min(4, cores). */
  poolSize: z.number().int().min(0).max(16).default(0),
  perHostCap: z.number().int().min(1).max(16).default(2),
  maxInFlight: z.number().int().min(1).max(1024).default(128),
  cycleDeadlineSeconds: z.number().int().min(10).max(3600).default(360),
  requestTimeoutSeconds: z.number().int().min(1).max(300).default(30),
  maxBodyBytes: z.number().int().min(64 * 1024).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
  maxConsecutiveFailures: z.number().int().min(1).max(1000).default(10),
  retentionDays: z.number().int().min(1).max(3650).default(30),
  notifications: z.boolean().default(true),
  doNotDisturb: z.boolean().default(false),
  launchAtLogin: z.boolean().default(false),
  startPaused: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
