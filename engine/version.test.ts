import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NIMBUS_VERSION } from './version.js';

describe('NIMBUS_VERSION', () => {
  it('matches package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(NIMBUS_VERSION).toBe(manifest.version);
  });
});
