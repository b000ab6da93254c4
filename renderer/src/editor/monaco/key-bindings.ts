import type { Monaco } from './monaco-setup';

/**
 * Our key binding (`Mod+Enter`, `Mod+Shift+S`) as a Monaco keybinding number, or null when it names a
 * key this does not know. Monaco claims some keys itself (Ctrl+Enter inserts a line), so commands that
 * should work while typing in an editor are bound inside it as well as on the window.
 */
export function toMonacoKeybinding(monaco: Monaco, binding: string): number | null {
  const parts = binding.split('+');
  const key = parts.pop() ?? '';
  let code: number | undefined;
  if (/^[a-z]$/i.test(key)) code = monaco.KeyCode[`Key${key.toUpperCase()}` as keyof typeof monaco.KeyCode];
  else if (/^[0-9]$/.test(key)) code = monaco.KeyCode[`Digit${key}` as keyof typeof monaco.KeyCode];
  else if (key === 'Enter') code = monaco.KeyCode.Enter;
  else if (key === 'Escape') code = monaco.KeyCode.Escape;
  if (code === undefined) return null;
  let result = code;
  for (const modifier of parts.map((part) => part.toLowerCase())) {
    if (modifier === 'mod') result |= monaco.KeyMod.CtrlCmd;
    else if (modifier === 'shift') result |= monaco.KeyMod.Shift;
    else if (modifier === 'alt') result |= monaco.KeyMod.Alt;
    else return null;
  }
  return result;
}
