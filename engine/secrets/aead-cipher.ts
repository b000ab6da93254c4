import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What the store keeps of a secret: the AES-256-GCM ciphertext, its nonce and its tag. */
export interface SealedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
}

/**
 * AES-256-GCM for secrets kept at rest (secret resolver values, cloud account credentials): a key
 * derived with HKDF from the engine's master key under a label of its own per use (so no two uses share
 * a key), a random 96-bit nonce per value, and associated data binding a ciphertext to its record, so
 * a row copied elsewhere does not open.
 */
export class AeadCipher {
  private readonly key: Buffer;

  constructor(masterKey: string, label: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'hex'), Buffer.alloc(0), label, 32));
  }

  seal(plain: string, associated: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associated));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { ciphertext, iv, tag: cipher.getAuthTag() };
  }

  /** The plain text, or undefined when it does not open with this key and associated data. */
  open(sealed: SealedSecret, associated: string): string | undefined {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv);
    decipher.setAuthTag(sealed.tag);
    decipher.setAAD(Buffer.from(associated));
    try {
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
