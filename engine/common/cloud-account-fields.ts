/**
 * The credential shapes of each provider's cloud account, as data both the engine (validation,
 * encryption of the secret fields) and the renderer (the form) read: one list, never copied.
 */

/** A provider a landing zone's cloud account can be for. */
export const CLOUD_ACCOUNT_PROVIDERS = ['proxmox', 'aws', 'azure', 'gcp', 'oci'] as const;
export type CloudAccountProvider = (typeof CLOUD_ACCOUNT_PROVIDERS)[number];

/** One field of a provider's credentials. */
export interface CloudAccountField {
  name: string;
  label: string;
  kind: 'text' | 'url' | 'boolean' | 'multiline';
  /** Kept encrypted at rest and never shown again once entered. */
  secret: boolean;
  optional: boolean;
  placeholder?: string;
}

/** The fields of each provider, in the order a form shows them, and whether deploys can use the account yet. */
export const CLOUD_ACCOUNT_SHAPES: Readonly<
  Record<CloudAccountProvider, { label: string; deployable: boolean; fields: readonly CloudAccountField[] }>
> = {
  proxmox: {
    label: 'Proxmox VE',
    deployable: true,
    fields: [
      { name: 'endpoint', label: 'API endpoint', kind: 'url', secret: false, optional: false, placeholder: 'https://pve.example.net:8006' },
      { name: 'tokenId', label: 'API token id', kind: 'text', secret: false, optional: false, placeholder: 'nimbus@pve!deploy' },
      { name: 'tokenSecret', label: 'API token secret', kind: 'text', secret: true, optional: false },
      { name: 'verifyTls', label: 'Verify the TLS certificate', kind: 'boolean', secret: false, optional: true },
    ],
  },
  aws: {
    label: 'AWS',
    deployable: false,
    fields: [
      { name: 'accessKeyId', label: 'Access key id', kind: 'text', secret: false, optional: false },
      { name: 'secretAccessKey', label: 'Secret access key', kind: 'text', secret: true, optional: false },
      { name: 'sessionToken', label: 'Session token', kind: 'text', secret: true, optional: true },
      { name: 'region', label: 'Region', kind: 'text', secret: false, optional: false, placeholder: 'eu-central-1' },
    ],
  },
  azure: {
    label: 'Azure',
    deployable: false,
    fields: [
      { name: 'tenantId', label: 'Tenant id', kind: 'text', secret: false, optional: false },
      { name: 'clientId', label: 'Client id', kind: 'text', secret: false, optional: false },
      { name: 'clientSecret', label: 'Client secret', kind: 'text', secret: true, optional: false },
      { name: 'subscriptionId', label: 'Subscription id', kind: 'text', secret: false, optional: false },
    ],
  },
  gcp: {
    label: 'Google Cloud',
    deployable: false,
    fields: [
      { name: 'project', label: 'Project', kind: 'text', secret: false, optional: false },
      { name: 'serviceAccountKey', label: 'Service-account key (JSON)', kind: 'multiline', secret: true, optional: false },
    ],
  },
  oci: {
    label: 'Oracle Cloud',
    deployable: false,
    fields: [
      { name: 'tenancyOcid', label: 'Tenancy OCID', kind: 'text', secret: false, optional: false },
      { name: 'userOcid', label: 'User OCID', kind: 'text', secret: false, optional: false },
      { name: 'fingerprint', label: 'Key fingerprint', kind: 'text', secret: false, optional: false },
      { name: 'privateKey', label: 'Private key (PEM)', kind: 'multiline', secret: true, optional: false },
      { name: 'region', label: 'Region', kind: 'text', secret: false, optional: false },
    ],
  },
};

/** Whether a landing zone's provider takes a cloud account. */
export function isCloudAccountProvider(provider: string): provider is CloudAccountProvider {
  return (CLOUD_ACCOUNT_PROVIDERS as readonly string[]).includes(provider);
}

/** The names of a provider's secret fields. */
export function secretFieldsOf(provider: CloudAccountProvider): string[] {
  return CLOUD_ACCOUNT_SHAPES[provider].fields.filter((field) => field.secret).map((field) => field.name);
}
