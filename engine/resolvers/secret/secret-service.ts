import { randomInt, randomUUID } from 'node:crypto';
import { AeadCipher } from '../../secrets/aead-cipher.js';
import { NimbusError, NotFoundError } from '../../errors.js';
import type { Repositories, SecretPort } from '../../store/ports/repositories.js';
import type { SecretMetadataRecord } from '../../store/ports/resolver-records.js';
import { joinUnit, type RepositoryScope } from '../../store/ports/store-port.js';

/** Where a secret is, never what it is: `secret://<id>`. Safe to log, store in documents and show. */
export type SecretReference = `secret://${string}`;

export interface SecretMetadata {
  reference: SecretReference;
  scope: string;
  name: string;
  origin: 'generated' | 'stored';
  owner: string;
  createdAt: string;
}

export class SecretError extends NimbusError {
  override name = 'SecretError';
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * The secret resolver: generates or stores a value, encrypts it at rest with AES-256-GCM under a key
 * derived from the engine's master key, and hands out a {@link SecretReference}. Only `reveal` returns
 * the value, and only the deploy pipeline calls it, to pass the value to Pulumi as secret config.
 */
export class SecretService {
  private readonly cipher: AeadCipher;

  constructor(
    private readonly scope: RepositoryScope,
    private readonly masterKey: string,
  ) {
    this.cipher = new AeadCipher(masterKey, 'nimbus secrets v1');
  }

  /** This service working inside an open unit of work (its writes commit or roll back with the unit). */
  within(tx: Repositories): SecretService {
    return new SecretService(joinUnit(tx), this.masterKey);
  }

  async generate(input: { scope: string; name: string; length?: number; owner: string }): Promise<SecretMetadata> {
    return this.save(input, randomValue(input.length), 'generated');
  }

  /**
   * The live secret of that name in the scope, generated first when there is none, in one unit of
   * work: callers asking at the same moment (parallel Pulumi operations wanting the passphrase) all
   * get the same secret.
   */
  async ensure(input: { scope: string; name: string; length?: number; owner: string }): Promise<SecretMetadata> {
    const value = randomValue(input.length);
    try {
      return await this.scope.unitOfWork(async ({ secrets }) => {
        const existing = await secrets.liveName(input.scope, input.name);
        return existing ? toMetadata(existing) : this.insert(secrets, input, value, 'generated');
      });
    } catch (error) {
      // Another process of a shared server generated it at the same moment (on PostgreSQL, two
      // units may both find none, and the second insert is refused): theirs is the secret.
      const existing = await this.scope.secrets.liveName(input.scope, input.name);
      if (existing) return toMetadata(existing);
      throw error;
    }
  }

  async store(input: { scope: string; name: string; value: string; owner: string }): Promise<SecretMetadata> {
    if (input.value.length === 0) throw new SecretError('secret_empty', `The secret ${input.name} is empty`, { name: input.name });
    return this.save(input, input.value, 'stored');
  }

  /** The plain value of a reference; for the deploy pipeline only. */
  async reveal(reference: string): Promise<string> {
    const row = await this.scope.secrets.byId(idOf(reference));
    if (!row) throw new NotFoundError('Secret', reference);
    const plain = this.cipher.open(row, row.id);
    if (plain === undefined) {
      throw new SecretError('secret_undecryptable', `The secret ${row.name} cannot be decrypted with this installation's key`, {
        reference,
      });
    }
    return plain;
  }

  async list(scope: string): Promise<SecretMetadata[]> {
    return (await this.scope.secrets.list(scope)).map(toMetadata);
  }

  async releaseOwner(owner: string): Promise<SecretMetadata[]> {
    return this.scope.unitOfWork(async ({ secrets }) => {
      const rows = await secrets.byOwner(owner);
      const now = new Date().toISOString();
      for (const row of rows) await secrets.release(row.id, now);
      return rows.map(toMetadata);
    });
  }

  private async save(
    input: { scope: string; name: string; owner: string },
    value: string,
    origin: 'generated' | 'stored',
  ): Promise<SecretMetadata> {
    return this.scope.unitOfWork(({ secrets }) => this.insert(secrets, input, value, origin));
  }

  /** Encrypts and inserts a secret, refusing a name already live in its scope; runs inside a unit. */
  private async insert(
    secrets: SecretPort,
    input: { scope: string; name: string; owner: string },
    value: string,
    origin: 'generated' | 'stored',
  ): Promise<SecretMetadata> {
    if (await secrets.liveName(input.scope, input.name)) {
      throw new SecretError('secret_exists', `A secret named ${input.name} already exists in ${input.scope}`, {
        scope: input.scope,
        name: input.name,
      });
    }
    const id = randomUUID();
    const sealed = this.cipher.seal(value, id);
    const row = {
      id,
      scope: input.scope,
      name: input.name,
      ...sealed,
      origin,
      owner: input.owner,
      createdAt: new Date().toISOString(),
    };
    await secrets.insert(row);
    return toMetadata(row);
  }
}

/** A random value of `length` characters (32 by default) from an alphabet without look-alikes. */
function randomValue(length = 32): string {
  if (!Number.isInteger(length) || length < 8 || length > 1024) {
    throw new SecretError('secret_invalid_length', `A generated secret must be 8 to 1024 characters long, not ${length}`, { length });
  }
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

function idOf(reference: string): string {
  const match = /^secret:\/\/([0-9a-f-]{36})$/.exec(reference);
  if (!match?.[1])
    throw new SecretError('secret_invalid_reference', `${JSON.stringify(reference)} is not a secret reference (secret://<id>)`, {
      reference,
    });
  return match[1];
}

function toMetadata(row: SecretMetadataRecord): SecretMetadata {
  return {
    reference: `secret://${row.id}`,
    scope: row.scope,
    name: row.name,
    origin: row.origin,
    owner: row.owner,
    createdAt: row.createdAt,
  };
}
