import { z } from 'zod';

/** An absolute http: or https: URL, as a parameter schema. */
export const httpUrl = z
  .string()
  .trim()
  .min(1, 'A URL is required')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Must be an http:// or https:// URL');

/** The host:port a URL talks to, for the per-host cap. */
export function hostOfUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value).host.toLowerCase();
  } catch {
    return null;
  }
}
