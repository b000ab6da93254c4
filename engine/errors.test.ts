import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WireErrorSchema } from './api/schemas/jobs.js';
import { ERROR_CODES, RESERVED_ERROR_CODES, isErrorCode } from './common/error-codes.js';
import { NimbusError, NotFoundError, toWireError } from './errors.js';

/** Every source file (tests and the catalogue itself left out) of the folders that raise errors. */
function sourceFiles(): string[] {
  const roots = ['engine', 'main', 'preload', 'renderer/src'];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '__fixtures__') walk(full);
      } else if (
        /\.(ts|tsx)$/.test(entry.name) &&
        !/\.test\.tsx?$/.test(entry.name) &&
        !full.endsWith(path.join('common', 'error-codes.ts'))
      ) {
        files.push(full);
      }
    }
  };
  roots.forEach(walk);
  return files;
}

describe('the error code catalogue', () => {
  it('lists every code once', () => {
    const seen = new Set<string>();
    const twice = ERROR_CODES.filter((code) => (seen.has(code) ? true : (seen.add(code), false)));
    expect(twice).toEqual([]);
    expect(ERROR_CODES.length).toBeGreaterThan(100);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it('holds only codes that something raises, or that are kept as reserved', () => {
    const text = sourceFiles()
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const reserved = new Set<string>(RESERVED_ERROR_CODES);
    const unused = ERROR_CODES.filter((code) => !reserved.has(code) && !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('types NimbusError codes, so an unknown code does not compile', () => {
    // @ts-expect-error not a code of the catalogue
    const wrong = new NimbusError('no_such_code', 'x');
    expect(isErrorCode(wrong.code)).toBe(false);
    expect(isErrorCode(new NotFoundError('Topology', 'x').code)).toBe(true);
    expect(isErrorCode(42)).toBe(false);
  });

  it('makes the wire schema accept catalogue codes only', () => {
    expect(WireErrorSchema.safeParse(toWireError(new NotFoundError('Topology', 'x'))).success).toBe(true);
    expect(WireErrorSchema.safeParse(toWireError(new TypeError('boom'))).success).toBe(true);
    expect(WireErrorSchema.safeParse({ code: 'no_such_code', message: 'x', details: {} }).success).toBe(false);
  });
});
