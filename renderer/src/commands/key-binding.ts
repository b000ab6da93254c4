export interface KeyBinding {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

export const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

/** Parses `Mod+Shift+Z`; the last segment is the key as `KeyboardEvent.key` names it. */
export function parseKeyBinding(binding: string): KeyBinding {
  const parts = binding.split('+');
  const key = parts.pop() ?? '';
  const modifiers = new Set(parts.map((part) => part.toLowerCase()));
  return { key: key.toLowerCase(), mod: modifiers.has('mod'), shift: modifiers.has('shift'), alt: modifiers.has('alt') };
}

export function matchesKeyBinding(event: KeyboardEvent, binding: string): boolean {
  const parsed = parseKeyBinding(binding);
  const mod = event.ctrlKey || event.metaKey;
  return event.key.toLowerCase() === parsed.key && mod === parsed.mod && event.shiftKey === parsed.shift && event.altKey === parsed.alt;
}

/** `Mod+Shift+Z` as people read it on this platform: `Ctrl+Shift+Z` or `⌘⇧Z`. */
export function formatKeyBinding(binding: string, mac = isMac()): string {
  const parsed = parseKeyBinding(binding);
  const key = parsed.key.length === 1 ? parsed.key.toUpperCase() : (binding.split('+').pop() ?? '');
  if (mac) return `${parsed.mod ? '⌘' : ''}${parsed.alt ? '⌥' : ''}${parsed.shift ? '⇧' : ''}${key}`;
  return [parsed.mod && 'Ctrl', parsed.alt && 'Alt', parsed.shift && 'Shift', key].filter(Boolean).join('+');
}
