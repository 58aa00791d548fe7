export { createWebhookService, WEBHOOK_CONNECTIONS } from './service';
export type { WebhookService, WebhookServiceOptions } from './service';
export { webhookUrls } from './urls';
export type { WebhookAccount, WebhookUrls } from './urls';
export { DEFAULT_BODY_LIMITS } from './input';
export type { BodyLimits } from './input';
