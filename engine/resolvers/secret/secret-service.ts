import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { NimbusError, NotFoundError } from '../../errors.js';
import type { SecretMetadataRecord, SecretRepository } from '../../store/secret-repository.js';

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
  private readonly key: Buffer;

  constructor(
    private readonly repository: SecretRepository,
    masterKey: string,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'hex'), Buffer.alloc(0), 'nimbus secrets v1', 32));
  }

  generate(input: { scope: string; name: string; length?: number; owner: string }): SecretMetadata {
    const length = input.length ?? 32;
    if (!Number.isInteger(length) || length < 8 || length > 1024) {
      throw new SecretError('secret_invalid_length', `A generated secret must be 8 to 1024 characters long, not ${length}`, { length });
    }
    const value = Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return this.save(input, value, 'generated');
  }

  store(input: { scope: string; name: string; value: string; owner: string }): SecretMetadata {
    if (input.value.length === 0) throw new SecretError('secret_empty', `The secret ${input.name} is empty`, { name: input.name });
    return this.save(input, input.value, 'stored');
  }

  /** The plain value of a reference; for the deploy pipeline only. */
  reveal(reference: string): string {
    const row = this.repository.byId(idOf(reference));
    if (!row) throw new NotFoundError('Secret', reference);
    const decipher = createDecipheriv('aes-256-gcm', this.key, row.iv);
    decipher.setAuthTag(row.tag);
    decipher.setAAD(Buffer.from(row.id));
    try {
      return Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretError('secret_undecryptable', `The secret ${row.name} cannot be decrypted with this installation's key`, {
        reference,
      });
    }
  }

  list(scope: string): SecretMetadata[] {
    return this.repository.list(scope).map(toMetadata);
  }

  releaseOwner(owner: string): SecretMetadata[] {
    return this.repository.writeTransaction(() => {
      const rows = this.repository.byOwner(owner);
      const now = new Date().toISOString();
      for (const row of rows) this.repository.release(row.id, now);
      return rows.map(toMetadata);
    });
  }

  private save(input: { scope: string; name: string; owner: string }, value: string, origin: 'generated' | 'stored'): SecretMetadata {
    return this.repository.writeTransaction(() => {
      if (this.repository.liveName(input.scope, input.name)) {
        throw new SecretError('secret_exists', `A secret named ${input.name} already exists in ${input.scope}`, {
          scope: input.scope,
          name: input.name,
        });
      }
      const id = randomUUID();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      cipher.setAAD(Buffer.from(id));
      const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      const row = {
        id,
        scope: input.scope,
        name: input.name,
        ciphertext,
        iv,
        tag: cipher.getAuthTag(),
        origin,
        owner: input.owner,
        createdAt: new Date().toISOString(),
      };
      this.repository.insert(row);
      return toMetadata(row);
    });
  }
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
