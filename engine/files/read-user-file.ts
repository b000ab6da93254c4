import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { FileErrorCode } from '../common/error-codes.js';
import { NimbusError } from '../errors.js';
import { MAX_FILE_BYTES } from './input-limits.js';
import { strictUtf8 } from '../text/utf8.js';

/** A file the engine will not read: missing, not a regular file, too large, or not UTF-8 text. */
export class UserFileError extends NimbusError {
  override name = 'UserFileError';
  constructor(code: FileErrorCode, file: string, message: string, details: Record<string, unknown> = {}) {
    super(code, `Cannot read ${file}: ${message}`, { file, ...details });
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'too many symbolic links',
};

/**
 * Reads a file a user named, as UTF-8 text, refusing before reading anything what is not a regular
 * file (`/dev/zero`, a FIFO, a directory) or is larger than `maxBytes`. The size is checked on the
 * open descriptor and the read stops at the limit, so a file growing meanwhile cannot get past it.
 */
export function readUserFile(file: string, maxBytes = MAX_FILE_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO nobody writes to must not hang.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserFileError(
      'file_unreadable',
      file,
      code ? `${code}${REASONS[code] ? ` (${REASONS[code]})` : ''}` : (error as Error).message,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UserFileError('file_unreadable', file, 'it is a folder, not a file');
    if (!stat.isFile())
      throw new UserFileError(
        'file_unreadable',
        file,
        'it is not a regular file (a device, pipe or socket); save the content to a file first',
      );
    if (stat.size > maxBytes)
      throw new UserFileError('file_too_large', file, `it is ${formatBytes(stat.size)}; files up to ${formatBytes(maxBytes)} are read`, {
        size: stat.size,
        limit: maxBytes,
      });
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes)
      throw new UserFileError('file_too_large', file, `it grew past ${formatBytes(maxBytes)} while being read`, { limit: maxBytes });
    try {
      return strictUtf8.decode(buffer.subarray(0, length));
    } catch {
      throw new UserFileError('file_not_text', file, 'it is not UTF-8 text');
    }
  } finally {
    closeSync(fd);
  }
}

/** `16 MiB`, `3.2 KiB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
