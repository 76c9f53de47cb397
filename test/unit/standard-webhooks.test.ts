import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hubSignature256,
  standardWebhookHeaders,
  standardWebhookSignature,
  webhookMessageId,
  webhookSigningKey,
} from '../../src/workers/services/webhook/standard-webhooks';

/**
 * A receiver written straight from the Standard Webhooks spec, independent of our signer: the
 * key is the base64 secret after "whsec_", the signed content "{id}.{timestamp}.{body}", and the
 * header a space-separated list of "version,signature" where any v1 entry may match.
 */
function receiverAccepts(secret: string, headers: Record<string, string>, rawBody: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(Buffer.from(`${id}.${timestamp}.${rawBody}`, 'utf8')).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('Standard Webhooks signature', () => {
  // The "sign function works" vector of the reference library:
  // github.com/standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts
  it('matches the official test vector, with and without the whsec_ prefix', () => {
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
    expect(standardWebhookSignature(webhookSigningKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), id, 1614265330, body)).toBe(expected);
    expect(standardWebhookSignature(webhookSigningKey('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), id, 1614265330, body)).toBe(expected);
  });

  it('is accepted by an independent receiver for random secrets, ids and bodies', () => {
    for (let round = 0; round < 50; round += 1) {
      const secret = `whsec_${randomBytes(24 + round).toString('base64')}`;
      const id = `trigger-${round}:${randomBytes(8).toString('hex')}`;
      const body = JSON.stringify({ title: `Été ${round} 🎉 "quoted"\n`, n: round });
      const headers = standardWebhookHeaders({ id, timestampSeconds: 1_700_000_000 + round, body, secret });
      expect(receiverAccepts(secret, headers, body)).toBe(true);
    }
  });

  it('signs a body given as bytes exactly as the same body given as a string', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const body = JSON.stringify({ title: 'Été 🎉 «quoted»', text: 'x'.repeat(3000) });
    const asString = standardWebhookHeaders({ id: 'key-1', timestampSeconds: 1_700_000_000, body, secret });
    const asBytes = standardWebhookHeaders({ id: 'key-1', timestampSeconds: 1_700_000_000, body: Buffer.from(body), secret });
    expect(asBytes).toEqual(asString);
    expect(receiverAccepts(secret, asBytes, body)).toBe(true);
  });

  it('is rejected when the body, id or timestamp differ from what was signed', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const body = '{"type":"item.new"}';
    const headers = standardWebhookHeaders({ id: 'key-1', timestampSeconds: 1_700_000_000, body, secret });
    expect(receiverAccepts(secret, headers, body)).toBe(true);
    expect(receiverAccepts(secret, headers, '{"type":"item.new" }')).toBe(false);
    expect(receiverAccepts(secret, { ...headers, 'webhook-id': 'key-2' }, body)).toBe(false);
    expect(receiverAccepts(secret, { ...headers, 'webhook-timestamp': '1700000001' }, body)).toBe(false);
    expect(receiverAccepts(`whsec_${randomBytes(32).toString('base64')}`, headers, body)).toBe(false);
  });

  it('sends id, timestamp and Idempotency-Key always, and signatures only with a secret', () => {
    const unsigned = standardWebhookHeaders({ id: 'key-1', timestampSeconds: 1_700_000_123, body: '{}', secret: undefined });
    expect(unsigned).toEqual({ 'webhook-id': 'key-1', 'webhook-timestamp': '1700000123', 'idempotency-key': 'key-1' });
    const signed = standardWebhookHeaders({ id: 'key-1', timestampSeconds: 1_700_000_123, body: '{}', secret: 'c2VjcmV0' });
    expect(Object.keys(signed).sort()).toEqual(['idempotency-key', 'webhook-id', 'webhook-signature', 'webhook-timestamp', 'x-hub-signature-256']);
  });

  it('refuses a secret that decodes to nothing', () => {
    expect(() => webhookSigningKey('whsec_')).toThrow(/empty/);
    expect(() => standardWebhookHeaders({ id: 'k', timestampSeconds: 1, body: '{}', secret: 'whsec_' })).toThrow(/empty/);
  });
});

describe('GitHub-style signature', () => {
  it('is the hex HMAC-SHA256 of the raw body keyed with the secret as configured', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"a":"é"}';
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex');
    expect(hubSignature256(secret, body)).toBe(`sha256=${expected}`);
    expect(hubSignature256(secret, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});

describe('webhook-id', () => {
  it('is the idempotency key itself when it is a plain header token', () => {
    expect(webhookMessageId('7:https://example.org/post/1')).toBe('7:https://example.org/post/1');
  });

  it('is a stable digest for keys a header cannot carry', () => {
    for (const key of ['has space', 'line\nbreak', 'Ünïcode', 'x'.repeat(201), '']) {
      const id = webhookMessageId(key);
      expect(id).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(webhookMessageId(key)).toBe(id);
    }
    expect(webhookMessageId('has space')).not.toBe(webhookMessageId('has  space'));
  });
});
