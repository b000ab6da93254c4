import type { SecretService } from '../resolvers/secret/secret-service.js';

const WEBHOOK_TOKEN_SECRET = 'webhook-token';

/**
 * The bearer token webhook callers present to `nimbus serve`: generated once, kept encrypted with
 * the engine's secrets, shown by `nimbus events token`.
 */
export async function webhookToken(secrets: SecretService): Promise<string> {
  const { reference } = await secrets.ensure({ scope: 'system', name: WEBHOOK_TOKEN_SECRET, length: 40, owner: 'system' });
  return secrets.reveal(reference);
}
