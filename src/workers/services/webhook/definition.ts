import { z } from 'zod';
import type { ServiceDefinition } from '../service';
import { hostOfUrl, httpUrl } from '../http-url';

export const webhookConsumerParams = z.object({
  url: httpUrl.describe('Endpoint that receives a JSON POST per item'),
  secret: z
    .string()
    .trim()
    .regex(/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/, 'Must be a base64 secret, optionally prefixed with whsec_')
    .optional()
    .describe('Signing secret (Standard Webhooks, whsec_…); optional'),
});
export type WebhookConsumerParams = z.infer<typeof webhookConsumerParams>;

export const webhookDefinition: ServiceDefinition = {
  id: 'webhook',
  label: 'Webhook',
  description: 'A signed JSON POST per item (Standard Webhooks): n8n, Home Assistant, your own server.',
  accountSchema: null,
  secretFields: [],
  secretParams: ['secret'],
  providerSchema: null,
  consumerSchema: webhookConsumerParams,
  maxLength: null,
  hostOf: (params) => hostOfUrl(params.url),
};
