import { describe, expect, it } from 'vitest';
import { matchesEventType } from './event-glob.js';

describe('event type globs', () => {
  it('matches words, one-word and any-word wildcards', () => {
    expect(matchesEventType('local.vm.removed', 'local.vm.removed')).toBe(true);
    expect(matchesEventType('local.*.removed', 'local.vm.removed')).toBe(true);
    expect(matchesEventType('local.*.removed', 'local.vm.disk.removed')).toBe(false);
    expect(matchesEventType('local.**', 'local.vm.disk.removed')).toBe(true);
    expect(matchesEventType('local.**.removed', 'local.removed')).toBe(true);
    expect(matchesEventType('**', 'anything.at.all')).toBe(true);
    expect(matchesEventType('local.vm', 'local.vm.removed')).toBe(false);
    expect(matchesEventType('nimbus.job.*', 'local.job.failed')).toBe(false);
  });

  it('answers quickly for a glob of many any-word wildcards against a long type', () => {
    const started = performance.now();
    expect(matchesEventType(`${'**.'.repeat(40)}x`, 'a.'.repeat(200) + 'b')).toBe(false);
    expect(matchesEventType(`${'**.'.repeat(40)}b`, 'a.'.repeat(200) + 'b')).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
