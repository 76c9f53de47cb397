import { createHash, createHmac } from 'node:crypto';

// Signing per Standard Webhooks (standardwebhooks.com, spec 1.0): the receiver recomputes
// HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{raw body}" with the secret's bytes (base64,
// optionally prefixed "whsec_") and compares it with each "v1,<base64>" entry of
// webhook-signature. The timestamp is fresh on every attempt, so receivers can reject replays;
// the id stays the same, so they can deduplicate retries.

const SECRET_PREFIX = 'whsec_';

/** The HMAC key a Standard Webhooks secret stands for. Throws on an empty key. */
export function webhookSigningKey(secret: string): Buffer {
  const encoded = secret.trim().startsWith(SECRET_PREFIX) ? secret.trim().slice(SECRET_PREFIX.length) : secret.trim();
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('The webhook secret is empty once decoded');
  return key;
}

/** The `webhook-signature` header value: "v1," and the base64 HMAC-SHA256 of the signed content. */
export function standardWebhookSignature(key: Buffer, id: string, timestampSeconds: number, body: string | Uint8Array): string {
  // Fed in two parts, so the body is neither copied into one string nor encoded again.
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.`, 'utf8').update(body).digest('base64')}`;
}

/**
 * GitHub-style `X-Hub-Signature-256` for receivers built for it: the hex HMAC-SHA256 of the raw
 * body, keyed (as GitHub does) with the secret string exactly as the user configured it.
 */
export function hubSignature256(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret.trim()).update(body).digest('hex')}`;
}

/**
 * The `webhook-id`: the idempotency key itself when it is a plain header token (the usual case),
 * else a stable digest of it, so an odd key can neither break the request nor change between
 * attempts.
 */
export function webhookMessageId(idempotencyKey: string): string {
  if (/^[\x21-\x7E]{1,200}$/.test(idempotencyKey)) return idempotencyKey;
  return `msg_${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32)}`;
}

export interface WebhookHeaderInput {
  id: string;
  timestampSeconds: number;
  /** The raw body exactly as sent (a string is signed as its UTF-8 bytes). */
  body: string | Uint8Array;
  /** The configured secret (whsec_… or bare base64), or undefined to send unsigned. */
  secret: string | undefined;
}

/** Identity, replay and signature headers of one delivery attempt. */
export function standardWebhookHeaders(input: WebhookHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestampSeconds),
    // The generic spelling, for receivers that deduplicate on it rather than on webhook-id.
    'idempotency-key': input.id,
  };
  if (input.secret !== undefined && input.secret.trim() !== '') {
    headers['webhook-signature'] = standardWebhookSignature(webhookSigningKey(input.secret), input.id, input.timestampSeconds, input.body);
    headers['x-hub-signature-256'] = hubSignature256(input.secret, input.body);
  }
  return headers;
}
