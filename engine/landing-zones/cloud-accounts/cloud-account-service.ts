import type { CloudAccountInput, CloudAccountView, ConnectionTestResult } from '../../api/schemas/cloud-accounts.js';
import { CloudAccountInputSchema } from '../../api/schemas/cloud-accounts.js';
import { parseOrThrow } from '../../api/validate.js';
import {
  CLOUD_ACCOUNT_SHAPES,
  isCloudAccountProvider,
  secretFieldsOf,
  type CloudAccountProvider,
} from '../../common/cloud-account-fields.js';
import type { ConfigEntry } from '../../deploy/stack-config.js';
import { NimbusError, NotFoundError } from '../../errors.js';
import type { CloudAccountRecord } from '../../store/ports/cloud-account-records.js';
import type { LandingZoneRecord } from '../../store/ports/resolver-records.js';
import type { Repositories } from '../../store/ports/repositories.js';
import type { RepositoryScope } from '../../store/ports/store-port.js';
import { AeadCipher } from '../../secrets/aead-cipher.js';
import { probeProxmox } from './proxmox-probe.js';

/** A cloud account could not be stored, read or used; the message never holds a secret. */
export class CloudAccountError extends NimbusError {
  override name = 'CloudAccountError';
}

/**
 * Provider credentials per landing zone ("cloud account"). Secret fields are sealed with AES-256-GCM
 * under a key derived from the engine's master key before they reach the store, and only two callers
 * ever see them opened: the connection test (in a request header) and the deploy pipeline (as Pulumi
 * secret config). Every answer shows the non-secret fields and which secrets are set since when.
 */
export class CloudAccountService {
  private cipherInstance: AeadCipher | undefined;

  constructor(
    private readonly store: RepositoryScope,
    private readonly masterKey: () => string,
    private readonly options: { probeTimeoutMs?: number } = {},
  ) {}

  private get cipher(): AeadCipher {
    return (this.cipherInstance ??= new AeadCipher(this.masterKey(), 'nimbus cloud accounts v1'));
  }

  /**
   * Stores the landing zone's account, replacing the one it had. Secret fields left out keep the
   * stored ones (same provider only); entering any secret replaces all of them (a new entry, dated).
   */
  async set(landingZone: string, raw: unknown): Promise<CloudAccountView> {
    const input = parseOrThrow(CloudAccountInputSchema, raw, 'cloud account');
    return this.store.unitOfWork(async (tx) => {
      const zone = await zoneOf(tx, landingZone);
      const provider = accountProvider(zone, input.provider);
      const { settings, secrets } = split(provider, input);
      const before = await tx.cloudAccounts.get(zone.id);
      const now = new Date().toISOString();
      let sealed: Pick<CloudAccountRecord, 'ciphertext' | 'iv' | 'tag' | 'secretSetAt'>;
      if (Object.keys(secrets).length > 0) {
        const missing = requiredSecrets(provider).filter((name) => secrets[name] === undefined);
        if (missing.length > 0) throw secretMissing(zone, missing);
        sealed = { ...this.cipher.seal(JSON.stringify(secrets), associated(zone.id, provider)), secretSetAt: now };
      } else if (before && before.provider === provider) {
        sealed = { ciphertext: before.ciphertext, iv: before.iv, tag: before.tag, secretSetAt: before.secretSetAt };
      } else {
        throw secretMissing(zone, requiredSecrets(provider));
      }
      const record: CloudAccountRecord = {
        landingZoneId: zone.id,
        provider,
        settings,
        ...sealed,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
      };
      await tx.cloudAccounts.put(record);
      return view(zone, record);
    });
  }

  /** The landing zone's account as answers show it, or null when it has none. */
  async get(landingZone: string): Promise<CloudAccountView | null> {
    const zone = await zoneOf(this.store, landingZone);
    const record = await this.store.cloudAccounts.get(zone.id);
    return record ? view(zone, record) : null;
  }

  /** Removes the landing zone's account; false when it had none. */
  async remove(landingZone: string): Promise<boolean> {
    return this.store.unitOfWork(async (tx) => {
      const zone = await zoneOf(tx, landingZone);
      return tx.cloudAccounts.remove(zone.id, new Date().toISOString());
    });
  }

  /**
   * Checks the account for real: for Proxmox, the API's version endpoint with the token; for the
   * providers deploys cannot use yet, the stored shape only (it was checked when entered).
   */
  async test(landingZone: string): Promise<ConnectionTestResult> {
    const zone = await zoneOf(this.store, landingZone);
    const opened = await this.opened(zone);
    if (opened.provider !== 'proxmox') {
      return {
        outcome: 'shape_only',
        message: `The ${CLOUD_ACCOUNT_SHAPES[opened.provider].label} account of ${zone.name} has a valid shape; ${CLOUD_ACCOUNT_SHAPES[opened.provider].label} is not deployable yet, so no connection was made`,
        version: null,
        durationMs: 0,
      };
    }
    return probeProxmox(proxmoxTarget(opened), this.options.probeTimeoutMs ? { timeoutMs: this.options.probeTimeoutMs } : {});
  }

  /**
   * The Pulumi stack config a deploy into an environment of `landingZone` needs for `provider`: for
   * Proxmox the endpoint, the API token as secret config (`<tokenId>=<secret>`) and whether to skip TLS
   * verification, exactly the keys the Proxmox programs read. `cloud_account_missing` when the zone
   * has no account, before anything runs. Other providers need nothing from here.
   */
  async stackConfig(landingZone: string, provider: string): Promise<Record<string, ConfigEntry>> {
    if (provider !== 'proxmox') return {};
    const zone = await zoneOf(this.store, landingZone);
    const record = await this.store.cloudAccounts.get(zone.id);
    if (!record || record.provider !== 'proxmox') {
      throw new CloudAccountError(
        'cloud_account_missing',
        `Landing zone ${zone.name} has no Proxmox cloud account: add its endpoint and API token (Environments → ${zone.name} → Cloud account, or nimbus account set --landing-zone ${zone.name}) before deploying Proxmox components`,
        { landingZone: zone.name },
      );
    }
    const target = proxmoxTarget(this.open(zone, record));
    return {
      proxmox_endpoint: { value: target.endpoint },
      proxmox_api_token: { value: `${target.tokenId}=${target.tokenSecret}`, secret: true },
      proxmox_insecure: { value: String(!target.verifyTls) },
    };
  }

  private async opened(zone: LandingZoneRecord): Promise<Opened> {
    const record = await this.store.cloudAccounts.get(zone.id);
    if (!record)
      throw new CloudAccountError('cloud_account_missing', `Landing zone ${zone.name} has no cloud account`, { landingZone: zone.name });
    return this.open(zone, record);
  }

  private open(zone: LandingZoneRecord, record: CloudAccountRecord): Opened {
    if (!isCloudAccountProvider(record.provider)) throw undecryptable(zone);
    const plain = this.cipher.open(record, associated(zone.id, record.provider));
    if (plain === undefined) throw undecryptable(zone);
    return { provider: record.provider, settings: record.settings, secrets: JSON.parse(plain) as Record<string, string> };
  }
}

interface Opened {
  provider: CloudAccountProvider;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
}

function proxmoxTarget(opened: Opened) {
  return {
    endpoint: String(opened.settings.endpoint),
    tokenId: String(opened.settings.tokenId),
    tokenSecret: opened.secrets.tokenSecret ?? '',
    verifyTls: opened.settings.verifyTls !== false,
  };
}

async function zoneOf(repositories: Pick<Repositories, 'landingZones'>, idOrName: string): Promise<LandingZoneRecord> {
  const zone = await repositories.landingZones.zone(idOrName);
  if (!zone) throw new NotFoundError('Landing zone', idOrName);
  return zone;
}

function accountProvider(zone: LandingZoneRecord, provider: CloudAccountProvider): CloudAccountProvider {
  if (!isCloudAccountProvider(zone.provider)) {
    throw new CloudAccountError(
      'cloud_account_not_applicable',
      `Landing zone ${zone.name} is for the ${zone.provider} provider, which needs no cloud account`,
      { landingZone: zone.name, provider: zone.provider },
    );
  }
  if (provider !== zone.provider) {
    throw new CloudAccountError(
      'cloud_account_wrong_provider',
      `Landing zone ${zone.name} is for ${zone.provider}; its cloud account must be a ${zone.provider} account, not ${provider}`,
      { landingZone: zone.name, provider: zone.provider, given: provider },
    );
  }
  return provider;
}

/** The entered fields split into the ones kept in clear and the secret ones (left-out ones omitted). */
function split(provider: CloudAccountProvider, input: CloudAccountInput) {
  const secretNames = new Set(secretFieldsOf(provider));
  const settings: Record<string, string | boolean> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    if (name === 'provider' || value === undefined) continue;
    if (secretNames.has(name)) secrets[name] = String(value);
    else settings[name] = value as string | boolean;
  }
  return { settings, secrets };
}

function requiredSecrets(provider: CloudAccountProvider): string[] {
  return CLOUD_ACCOUNT_SHAPES[provider].fields.filter((field) => field.secret && !field.optional).map((field) => field.name);
}

function secretMissing(zone: LandingZoneRecord, names: string[]): CloudAccountError {
  return new CloudAccountError('cloud_account_secret_missing', `The cloud account of ${zone.name} needs ${names.join(', ')}`, {
    landingZone: zone.name,
    fields: names,
  });
}

function undecryptable(zone: LandingZoneRecord): CloudAccountError {
  return new CloudAccountError(
    'cloud_account_undecryptable',
    `The cloud account of ${zone.name} cannot be opened with this installation's key: enter its secret again`,
    { landingZone: zone.name },
  );
}

function associated(landingZoneId: string, provider: string): string {
  return `cloud-account:${landingZoneId}:${provider}`;
}

function view(zone: LandingZoneRecord, record: CloudAccountRecord): CloudAccountView {
  const provider = record.provider as CloudAccountProvider;
  const shape = CLOUD_ACCOUNT_SHAPES[provider];
  const settings: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(record.settings))
    if (typeof value === 'string' || typeof value === 'boolean') settings[name] = value;
  return {
    landingZone: zone.name,
    landingZoneId: zone.id,
    provider,
    settings,
    secretFields: shape.fields.filter((field) => field.secret).map((field) => field.name),
    secretSetAt: record.secretSetAt,
    deployable: shape.deployable,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
