/**
 * Cloud accounts over the API: what a caller enters (secret fields included, once) and what every
 * answer shows (never a secret: which secret fields are set and since when).
 */
import { z } from 'zod';
import { CLOUD_ACCOUNT_PROVIDERS } from '../../common/cloud-account-fields.js';
import { EntityId, Timestamp } from './common.js';

const LONGEST_FIELD = 512;
const LONGEST_KEY = 16_384;

/** A field of plain printable text (no spaces, no line breaks: nothing that could split a header). */
const Token = (what: string, max = LONGEST_FIELD) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, `${what} must be printable characters without spaces`);

/** An http(s) endpoint without credentials, query or fragment; normalised without a trailing slash. */
export const EndpointUrl = z
  .string()
  .max(2048, 'the endpoint must be at most 2048 characters')
  .superRefine((text, context) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a URL such as https://pve.example.net:8006' });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      context.addIssue({ code: 'custom', message: 'must be an http or https URL' });
    if (url.username || url.password)
      context.addIssue({ code: 'custom', message: 'must not carry credentials: enter the token in its own fields' });
    if (url.search || url.hash) context.addIssue({ code: 'custom', message: 'must not have a query or a fragment' });
  })
  .transform((text) => {
    const url = new URL(text);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  });

/** A Proxmox API token id: `user@realm!tokenid`. */
export const ProxmoxTokenId = z
  .string()
  .max(256, 'the token id must be at most 256 characters')
  .regex(/^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+![A-Za-z][A-Za-z0-9._-]*$/, 'must read user@realm!tokenid');

/** The credentials of each provider as entered; secret fields may be left out to keep the ones already stored. */
export const CloudAccountInputSchema = z.discriminatedUnion('provider', [
  z
    .object({
      provider: z.literal('proxmox'),
      endpoint: EndpointUrl,
      tokenId: ProxmoxTokenId,
      tokenSecret: Token('the token secret').optional(),
      verifyTls: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      provider: z.literal('aws'),
      accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be an AWS access key id (capital letters and digits)'),
      secretAccessKey: Token('the secret access key').optional(),
      sessionToken: Token('the session token', 4096).optional(),
      region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS region such as eu-central-1'),
    })
    .strict(),
  z
    .object({
      provider: z.literal('azure'),
      tenantId: z.uuid('must be a GUID'),
      clientId: z.uuid('must be a GUID'),
      clientSecret: Token('the client secret').optional(),
      subscriptionId: z.uuid('must be a GUID'),
    })
    .strict(),
  z
    .object({
      provider: z.literal('gcp'),
      project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id'),
      serviceAccountKey: z
        .string()
        .max(LONGEST_KEY, `the key must be at most ${LONGEST_KEY} characters`)
        .refine(isServiceAccountKey, 'must be a service-account JSON key (type service_account, client_email, private_key)')
        .optional(),
    })
    .strict(),
  z
    .object({
      provider: z.literal('oci'),
      tenancyOcid: z.string().regex(/^ocid1\.tenancy\.[a-z0-9.-]+\.[a-z0-9]+$/, 'must be a tenancy OCID (ocid1.tenancy.…)'),
      userOcid: z.string().regex(/^ocid1\.user\.[a-z0-9.-]+\.[a-z0-9]+$/, 'must be a user OCID (ocid1.user.…)'),
      fingerprint: z.string().regex(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/, 'must be a key fingerprint (16 hex pairs separated by ":")'),
      privateKey: z
        .string()
        .max(LONGEST_KEY, `the key must be at most ${LONGEST_KEY} characters`)
        .regex(/^-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----\s*$/, 'must be a PEM private key')
        .optional(),
      region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, 'must be an OCI region such as eu-frankfurt-1'),
    })
    .strict(),
]);
export type CloudAccountInput = z.output<typeof CloudAccountInputSchema>;

function isServiceAccountKey(text: string): boolean {
  try {
    const key = JSON.parse(text) as unknown;
    return (
      typeof key === 'object' &&
      key !== null &&
      (key as Record<string, unknown>).type === 'service_account' &&
      typeof (key as Record<string, unknown>).client_email === 'string' &&
      typeof (key as Record<string, unknown>).private_key === 'string'
    );
  } catch {
    return false;
  }
}

/** A landing zone named by id or name. */
export const LandingZoneRefSchema = z.object({ landingZone: z.string().min(1).max(200) }).strict();

export const SetCloudAccountInputSchema = z
  .object({
    landingZone: z.string().min(1).max(200),
    account: CloudAccountInputSchema.meta({
      examples: [
        { provider: 'proxmox', endpoint: 'https://pve.example.net:8006', tokenId: 'nimbus@pve!deploy', tokenSecret: 'example-secret' },
      ],
    }),
  })
  .strict();

/** A cloud account as every answer shows it: the non-secret fields, and which secrets are set since when. */
export const CloudAccountViewSchema = z.object({
  landingZone: z.string(),
  landingZoneId: EntityId,
  provider: z.enum(CLOUD_ACCOUNT_PROVIDERS),
  settings: z.record(z.string(), z.union([z.string(), z.boolean()])),
  secretFields: z.array(z.string()),
  secretSetAt: Timestamp,
  /** False for providers whose accounts are stored and checked for shape, but not used by deploys yet. */
  deployable: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CloudAccountView = z.output<typeof CloudAccountViewSchema>;

export const CloudAccountAnswerSchema = z.object({ account: CloudAccountViewSchema.nullable() });

export const RemoveCloudAccountOutputSchema = z.object({ removed: z.boolean() });

/** How a connection test ended. */
export const CONNECTION_OUTCOMES = ['ok', 'unauthorised', 'unreachable', 'tls_untrusted', 'not_proxmox', 'shape_only'] as const;

export const ConnectionTestResultSchema = z.object({
  outcome: z.enum(CONNECTION_OUTCOMES),
  /** What a person reads: what happened and what to do. */
  message: z.string(),
  /** The Proxmox VE version the endpoint reported, when it answered as one. */
  version: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});
export type ConnectionTestResult = z.output<typeof ConnectionTestResultSchema>;
