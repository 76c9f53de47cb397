import { describe, expect, it, vi } from 'vitest';
import { parsedParams } from '../../src/workers/services/parsed-params';
import { webhookConsumerParams } from '../../src/workers/services/webhook/definition';

// A batch's deliveries of one trigger share one params object: its schema runs once for them all,
// and a bad value is still reported on every delivery.

describe('parsedParams', () => {
  it('validates a params object once, and each new object again', () => {
    const spy = vi.spyOn(webhookConsumerParams, 'safeParse');
    const shared = { url: 'http://127.0.0.1:9/hook' };
    const first = parsedParams(webhookConsumerParams, shared);
    const again = parsedParams(webhookConsumerParams, shared);
    expect(first.success && first.data.url).toBe('http://127.0.0.1:9/hook');
    expect(again).toBe(first);
    expect(spy).toHaveBeenCalledTimes(1);
    parsedParams(webhookConsumerParams, { ...shared });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('keeps reporting invalid params', () => {
    const bad = { url: 'ftp://example.org/hook' };
    expect(parsedParams(webhookConsumerParams, bad).success).toBe(false);
    expect(parsedParams(webhookConsumerParams, bad).success).toBe(false);
  });
});
