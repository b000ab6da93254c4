import { describe, expect, it } from 'vitest';
import { describeChange } from './describe-change';

describe('describeChange', () => {
  it('says what an allocation takes, for whom', () => {
    expect(describeChange({ method: 'allocateIp', input: { pool: 'corp-apps', owner: 'build-agent-7' } })).toEqual({
      action: 'IP allocation',
      summary: 'Allocate an address in pool corp-apps for build-agent-7',
    });
    expect(describeChange({ method: 'allocateIp', input: { pool: 'corp', owner: 'team', prefix: 28 } }).summary).toBe(
      'Allocate a /28 subnet in pool corp for team',
    );
    expect(describeChange({ method: 'allocateIp', input: { pool: 'corp', owner: 'gw', value: '10.0.0.1' } }).summary).toBe(
      'Reserve 10.0.0.1 in pool corp for gw',
    );
  });

  it('names a pool by its name where known, by its id otherwise', () => {
    const input = { pool: '6f1c0c8e-0000-4000-8000-000000000001', owner: 'ci' };
    const pools = new Map([['6f1c0c8e-0000-4000-8000-000000000001', 'corp-apps']]);
    expect(describeChange({ method: 'allocateIp', input }, { pools }).summary).toBe('Allocate an address in pool corp-apps for ci');
    expect(describeChange({ method: 'allocateIp', input }).summary).toBe(
      'Allocate an address in pool 6f1c0c8e-0000-4000-8000-000000000001 for ci',
    );
  });

  it('names the published component or stack with the first line of its changelog, shortened', () => {
    expect(describeChange({ method: 'publishComponent', input: { name: 'web-vm', changelog: 'Adds disk_gb\nand more' } }).summary).toBe(
      'Publish component web-vm (Adds disk_gb)',
    );
    const long = describeChange({ method: 'publishStack', input: { name: 'shop', changelog: 'x'.repeat(200) } }).summary;
    expect(long.startsWith('Publish stack shop (')).toBe(true);
    expect(long.length).toBeLessThan(110);
  });

  it('survives malformed input and names a method it does not know', () => {
    expect(describeChange({ method: 'allocateIp', input: null }).summary).toBe('Allocate an address in pool an unnamed pool');
    expect(describeChange({ method: 'publishStack', input: { name: 42 } }).summary).toBe('Publish stack (unnamed)');
    expect(describeChange({ method: 'renameThing', input: {} })).toEqual({
      action: 'renameThing',
      summary: 'Call renameThing on the server',
    });
  });
});
