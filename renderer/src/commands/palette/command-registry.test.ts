import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry, type PaletteEntry } from './command-registry';

const entry = (id: string, title = id): PaletteEntry => ({
  id,
  title,
  group: 'Test',
  keys: [],
  isEnabled: () => true,
  run: () => undefined,
});

describe('CommandRegistry', () => {
  it('lists what every active source offers and forgets a source when it goes away', () => {
    const registry = new CommandRegistry();
    const listener = vi.fn();
    registry.subscribe(listener);
    const withdrawPlanner = registry.register('planner', [entry('save'), entry('undo')]);
    registry.register('global', [entry('go-settings')]);
    expect(registry.entries().map((e) => e.id)).toEqual(['save', 'undo', 'go-settings']);
    withdrawPlanner();
    expect(registry.entries().map((e) => e.id)).toEqual(['go-settings']);
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('lets a newer registration of a source replace the older one, and an old withdraw not remove the new', () => {
    const registry = new CommandRegistry();
    const withdrawOld = registry.register('editor', [entry('save', 'Save v1')]);
    registry.register('editor', [entry('save', 'Save v2')]);
    withdrawOld();
    expect(registry.entries().map((e) => e.title)).toEqual(['Save v2']);
  });
});
