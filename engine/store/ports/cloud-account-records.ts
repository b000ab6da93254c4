/**
 * A landing zone's cloud account (provider credentials) as the store keeps it: the non-secret fields
 * in clear, the secret ones as one AES-256-GCM ciphertext that only the cloud account service can open.
 * Listings and audit rows never carry the encrypted columns.
 */
export interface CloudAccountRecord {
  /** One account per landing zone: its id is the key. */
  landingZoneId: string;
  provider: string;
  /** The non-secret fields (endpoint, token id, region, …), as the provider's shape declares them. */
  settings: Record<string, unknown>;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  /** When the secret fields were last entered. */
  secretSetAt: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Cloud accounts, one per live landing zone. A landing zone that is removed takes its account with it
 * (reads join the live zone; a hard delete cascades). Writes are audited by the repository in the same
 * transaction, with the non-secret fields and the secret's date only.
 */
export interface CloudAccountPort {
  /** The account of a live landing zone (by the zone's id), else undefined. */
  get(landingZoneId: string): Promise<CloudAccountRecord | undefined>;
  /** Creates or replaces the zone's account; `forbidden` for a zone of a tenant above (visible, not writable). */
  put(account: CloudAccountRecord): Promise<void>;
  /** Removes the zone's account; false when there was none. */
  remove(landingZoneId: string, at: string): Promise<boolean>;
}

/** What audit rows hold of an account: never the secret, only that it was set and when. */
export function auditedCloudAccount(account: CloudAccountRecord): Record<string, unknown> {
  return { provider: account.provider, settings: account.settings, secretSetAt: account.secretSetAt };
}
