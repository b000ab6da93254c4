import { useState } from 'react';

/**
 * The text of a field that edits a document value: it follows the value when the value changes from
 * outside (undo, a reload), and otherwise keeps what is being typed, even text that is not valid yet.
 */
export function useFieldText(value: string): [string, (text: string) => void] {
  const [state, setState] = useState({ value, text: value });
  if (state.value !== value) {
    // Adjusting state while rendering avoids one render showing the stale text.
    setState({ value, text: value });
    return [value, (text) => setState({ value, text })];
  }
  return [state.text, (text) => setState({ value, text })];
}
