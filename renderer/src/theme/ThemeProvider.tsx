import { createContext, useContext, useLayoutEffect, type ReactNode } from 'react';
import { applyTheme, resolveTheme, type ResolvedTheme, type ThemePreference } from './theme';
import { useSystemDark } from './use-system-dark';

const ThemeContext = createContext<ResolvedTheme>('light');

/** Applies the theme to the document and tells components (Monaco) which one is in effect. */
export function ThemeProvider({ preference, children }: { preference: ThemePreference; children: ReactNode }) {
  const theme = resolveTheme(preference, useSystemDark());
  useLayoutEffect(() => applyTheme(theme), [theme]);
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useResolvedTheme(): ResolvedTheme {
  return useContext(ThemeContext);
}
