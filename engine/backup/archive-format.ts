/**
 * The backup archive: one file, written and read as a stream (never the whole data directory in
 * memory), from Node built-ins only. Layout, all integers big-endian:
 *
 *   "NIMBUS-BACKUP/1\n"        16 bytes, the magic and format version
 *   u32 M                      length of the manifest
 *   M bytes                    the manifest, UTF-8 JSON (see backup-manifest.ts)
 *   32 bytes                   SHA-256 of those M bytes
 *   entry data …               for each manifest entry in order, `storedSize` bytes: the file gzip'd
 *   "NIMBUS-BACKUP-END\n"      18 bytes, present only when the archive was written to the end
 *
 * Every entry carries two SHA-256 checksums in the manifest: of its stored (gzip'd) bytes, checked
 * before anything is made of them, and of the file itself, checked after decompression, so a flipped
 * byte is reported with the name of the entry it falls in. A cut-short file lacks the end marker.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BackupCorruptError } from './backup-errors.js';

export const ARCHIVE_MAGIC = Buffer.from('NIMBUS-BACKUP/1\n', 'latin1');
export const ARCHIVE_END = Buffer.from('NIMBUS-BACKUP-END\n', 'latin1');
/** The largest manifest read: far more than a data directory's file list needs, far less than memory. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/** One file's figures as the manifest lists them. */
export interface EntryFigures {
  size: number;
  sha256: string;
  storedSize: number;
  storedSha256: string;
}

/** A transform that hashes and counts what passes through it. */
function counting(hash: Hash, onBytes: (count: number) => void = () => undefined): Transform & { bytes: () => number } {
  let total = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      total += chunk.length;
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  return Object.assign(transform, { bytes: () => total });
}

/** Compresses `source` into `target`, returning both checksums and sizes. */
export async function compressFile(source: string, target: string, onBytes?: (count: number) => void): Promise<EntryFigures> {
  const raw = createHash('sha256');
  const stored = createHash('sha256');
  const rawCount = counting(raw, onBytes);
  const storedCount = counting(stored);
  await pipeline(createReadStream(source), rawCount, createGzip({ level: 6 }), storedCount, createWriteStream(target, { mode: 0o600 }));
  return { size: rawCount.bytes(), sha256: raw.digest('hex'), storedSize: storedCount.bytes(), storedSha256: stored.digest('hex') };
}

/** Writes the archive: the manifest's bytes, then each stored entry file in order, then the end marker. */
export async function writeArchive(
  out: string,
  manifest: Buffer,
  storedFiles: readonly string[],
  onBytes: (count: number) => void = () => undefined,
): Promise<void> {
  const stream = createWriteStream(out, { mode: 0o600, flags: 'wx' });
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => stream.write(chunk, (error) => (error ? reject(error) : resolve())));
  try {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(manifest.length);
    await write(ARCHIVE_MAGIC);
    await write(length);
    await write(manifest);
    await write(createHash('sha256').update(manifest).digest());
    for (const file of storedFiles) {
      for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
        await write(chunk);
        onBytes(chunk.length);
      }
    }
    await write(ARCHIVE_END);
    stream.end();
    await finished;
  } catch (error) {
    stream.destroy();
    throw error;
  }
}

/** Reads an archive front to back: the manifest first, then each entry's bytes, then the end marker. */
export class ArchiveReader {
  private position = 0;
  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(file: string): Promise<ArchiveReader> {
    return new ArchiveReader(file, await open(file, 'r'));
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** Exactly `length` bytes from the current position, or fewer at the end of the file. */
  private async readUpTo(length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, this.position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.position += filled;
    return filled === length ? buffer : buffer.subarray(0, filled);
  }

  private async readExactly(length: number, where: string, entry?: string): Promise<Buffer> {
    const buffer = await this.readUpTo(length);
    if (buffer.length < length) throw new BackupCorruptError(this.file, `the file ends in ${where} (cut short?)`, entry);
    return buffer;
  }

  /** The manifest's bytes, checked against their checksum. */
  async readManifest(): Promise<Buffer> {
    const magic = await this.readUpTo(ARCHIVE_MAGIC.length);
    if (!magic.equals(ARCHIVE_MAGIC))
      throw new BackupCorruptError(this.file, 'it is not a Nimbus backup (its first bytes are not NIMBUS-BACKUP/1)');
    const length = (await this.readExactly(4, 'its header')).readUInt32BE(0);
    if (length === 0 || length > MAX_MANIFEST_BYTES)
      throw new BackupCorruptError(this.file, `its manifest length ${length} is not plausible`);
    const manifest = await this.readExactly(length, 'its manifest');
    const sum = await this.readExactly(32, 'its manifest checksum');
    if (!createHash('sha256').update(manifest).digest().equals(sum))
      throw new BackupCorruptError(this.file, 'its manifest does not match its checksum');
    return manifest;
  }

  /** The next `figures.storedSize` bytes as a stream, hashing them into `hash` as they pass. */
  private entryStream(name: string, figures: EntryFigures, hash: Hash, onBytes: (count: number) => void): Readable {
    const next = (length: number) => this.readExactly(length, 'the middle of this entry', name);
    async function* chunks(): AsyncGenerator<Buffer> {
      let left = figures.storedSize;
      while (left > 0) {
        const chunk = await next(Math.min(CHUNK, left));
        hash.update(chunk);
        left -= chunk.length;
        onBytes(chunk.length);
        yield chunk;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /**
   * Decompresses the next entry into `target`, checking both its checksums; a mismatch or a
   * decompression failure is a {@link BackupCorruptError} naming the entry.
   */
  async extractEntry(
    name: string,
    figures: EntryFigures,
    target: string,
    mode: number,
    onBytes: (count: number) => void = () => undefined,
  ): Promise<void> {
    // First the stored bytes against their checksum, so damaged data never reaches the decompressor
    // and the failure names the entry; then the same bytes again, decompressed into the file.
    const start = this.position;
    const stored = createHash('sha256');
    for await (const chunk of this.entryStream(name, figures, stored, () => undefined)) void chunk;
    if (stored.digest('hex') !== figures.storedSha256)
      throw new BackupCorruptError(this.file, 'its bytes do not match their SHA-256 checksum', name);
    this.position = start;
    const raw = createHash('sha256');
    const rawCount = counting(raw);
    try {
      await pipeline(
        this.entryStream(name, figures, createHash('sha256'), onBytes),
        createGunzip(),
        rawCount,
        createWriteStream(target, { mode, flags: 'wx' }),
      );
    } catch (error) {
      if (error instanceof BackupCorruptError) throw error;
      if ((error as NodeJS.ErrnoException).code?.startsWith('Z_'))
        throw new BackupCorruptError(this.file, `its data cannot be decompressed (${(error as Error).message})`, name);
      throw error;
    }
    if (rawCount.bytes() !== figures.size || raw.digest('hex') !== figures.sha256)
      throw new BackupCorruptError(this.file, 'its content does not match its SHA-256 checksum', name);
  }

  /** The next entry's content in memory (the small sealed key), checked like {@link extractEntry}. */
  async readSmallEntry(name: string, figures: EntryFigures, limit: number): Promise<Buffer> {
    if (figures.storedSize > limit || figures.size > limit)
      throw new BackupCorruptError(this.file, `it is larger than ${limit} bytes`, name);
    const storedBytes = await this.readExactly(figures.storedSize, 'the middle of this entry', name);
    if (createHash('sha256').update(storedBytes).digest('hex') !== figures.storedSha256)
      throw new BackupCorruptError(this.file, 'its bytes do not match their SHA-256 checksum', name);
    let content: Buffer;
    try {
      content = await new Promise<Buffer>((resolve, reject) => {
        const gunzip = createGunzip();
        const parts: Buffer[] = [];
        gunzip.on('data', (part: Buffer) => parts.push(part));
        gunzip.on('end', () => resolve(Buffer.concat(parts)));
        gunzip.on('error', reject);
        gunzip.end(storedBytes);
      });
    } catch (error) {
      throw new BackupCorruptError(this.file, `its data cannot be decompressed (${(error as Error).message})`, name);
    }
    if (content.length !== figures.size || createHash('sha256').update(content).digest('hex') !== figures.sha256)
      throw new BackupCorruptError(this.file, 'its content does not match its SHA-256 checksum', name);
    return content;
  }

  /** Checks the end marker follows the last entry and nothing else does. */
  async readEnd(): Promise<void> {
    const end = await this.readUpTo(ARCHIVE_END.length);
    if (!end.equals(ARCHIVE_END))
      throw new BackupCorruptError(this.file, 'its end marker is missing (the file was cut short or written only in part)');
    const extra = await this.readUpTo(1);
    if (extra.length > 0) throw new BackupCorruptError(this.file, 'bytes follow its end marker');
  }
}
