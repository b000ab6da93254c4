import { describe, expect, it } from 'vitest';
import { formatKeyBinding, matchesKeyBinding } from './key-binding';

const press = (key: string, modifiers: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>> = {}) =>
  ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers }) as KeyboardEvent;

describe('matchesKeyBinding', () => {
  it('treats Ctrl and ⌘ alike for Mod and requires the exact modifiers', () => {
    expect(matchesKeyBinding(press('z', { ctrlKey: true }), 'Mod+Z')).toBe(true);
    expect(matchesKeyBinding(press('z', { metaKey: true }), 'Mod+Z')).toBe(true);
    expect(matchesKeyBinding(press('Z', { ctrlKey: true, shiftKey: true }), 'Mod+Z')).toBe(false);
    expect(matchesKeyBinding(press('Z', { ctrlKey: true, shiftKey: true }), 'Mod+Shift+Z')).toBe(true);
    expect(matchesKeyBinding(press('z'), 'Mod+Z')).toBe(false);
  });

  it('matches named keys', () => {
    expect(matchesKeyBinding(press('Delete'), 'Delete')).toBe(true);
    expect(matchesKeyBinding(press('Delete', { ctrlKey: true }), 'Delete')).toBe(false);
  });
});

describe('formatKeyBinding', () => {
  it('spells bindings the way each platform does', () => {
    expect(formatKeyBinding('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatKeyBinding('Mod+Shift+Z', true)).toBe('⌘⇧Z');
    expect(formatKeyBinding('Delete', false)).toBe('Delete');
  });
});
