/**
 * The bearer token of the single-user engine's HTTP API (`nimbus serve`): derived from the data
 * directory's master key, so whoever can read that key (its owner) can compute it, nothing new is
 * stored, and `nimbus api token` can print it for scripts. Recognised as `nmb_o_…`.
 */
import { createHmac } from 'node:crypto';

const OWNER_PREFIX = 'nmb_o_';

/** The owner token of the data directory whose master key is `masterKey`. */
export function ownerToken(masterKey: string): string {
  return OWNER_PREFIX + createHmac('sha256', masterKey).update('nimbus api owner token v1').digest('base64url');
}
