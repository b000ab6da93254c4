import type { SecretService } from '../resolvers/secret/secret-service.js';

const WEBHOOK_TOKEN_SECRET = 'webhook-token';

/**
 * The bearer token webhook callers present to `nimbus serve`: generated once, kept encrypted with
 * the engine's secrets, shown by `nimbus events token`.
 */
export function webhookToken(secrets: SecretService): string {
  const existing = secrets.list('system').find((secret) => secret.name === WEBHOOK_TOKEN_SECRET);
  const reference =
    existing?.reference ?? secrets.generate({ scope: 'system', name: WEBHOOK_TOKEN_SECRET, length: 40, owner: 'system' }).reference;
  return secrets.reveal(reference);
}
