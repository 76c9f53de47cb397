import { request } from '../../http/request';
import { toTaskError } from '../../http/http-failure';
import type { PublishResult } from '../../tasks';
import { hostOfUrl } from '../http-url';
import { parsedParams } from '../parsed-params';
import type { ServiceImplementation } from '../service';
import { webhookConsumerParams } from './definition';
import { standardWebhookHeaders, webhookMessageId } from './standard-webhooks';
import { webhookOutcome } from './webhook-outcome';
import { webhookPayload } from './webhook-payload';

// C13: a JSON POST per item, signed per Standard Webhooks when a secret is set. The webhook-id
// (and Idempotency-Key) is the item's idempotency key, identical on every retry, so a receiver
// that deduplicates sees each item at most once even when we resend after a crash.

export const webhookConsumer: ServiceImplementation = {
  id: 'webhook',

  async publish(ctx, call): Promise<PublishResult> {
    const parsed = parsedParams(webhookConsumerParams, call.params);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      return { ok: false, error: { kind: 'config', message: `Invalid webhook settings: ${message}`, permanent: true } };
    }
    const { url, secret } = parsed.data;
    const host = hostOfUrl(url) ?? url;
    // Bytes once: the signatures and the request use the same buffer.
    const body = Buffer.from(JSON.stringify(webhookPayload(call.triggerName, call.item, call.text)));
    let signing: Record<string, string>;
    try {
      signing = standardWebhookHeaders({ id: webhookMessageId(call.idempotencyKey), timestampSeconds: Math.floor(Date.now() / 1000), body, secret });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { kind: 'config', message: `Cannot sign the webhook: ${reason}`, host, permanent: true } };
    }
    try {
      // The user typed this URL, so a receiver on loopback or the LAN (n8n, Home Assistant) is fine.
      const response = await request(ctx, {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, */*;q=0.5', ...signing },
        body,
        origin: 'user',
      });
      return webhookOutcome(response, host);
    } catch (error) {
      return { ok: false, error: toTaskError(error, host) };
    }
  },
};
