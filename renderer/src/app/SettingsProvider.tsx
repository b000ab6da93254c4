import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Settings } from '../../../engine/api/contract';
import { useApi } from '../api/ApiProvider';
import { ThemeProvider } from '../theme/ThemeProvider';
import type { ThemePreference } from '../theme/theme';
import { useNotifier } from '../toasts/ToastProvider';

interface SettingsContextValue {
  settings: Settings;
  /** False until the engine has answered; the UI shows defaults meanwhile. */
  loaded: boolean;
  setTheme(theme: ThemePreference): Promise<void>;
}

const SettingsContext = createContext<SettingsContextValue | null>(null);

// The engine owns the setting; this copy only avoids a flash of the wrong theme while it answers.
const THEME_CACHE_KEY = 'nimbus.theme';
const readCachedTheme = (): ThemePreference => {
  try {
    const cached = window.localStorage.getItem(THEME_CACHE_KEY);
    return cached === 'light' || cached === 'dark' ? cached : 'system';
  } catch {
    return 'system';
  }
};
const cacheTheme = (theme: ThemePreference): void => {
  try {
    window.localStorage.setItem(THEME_CACHE_KEY, theme);
  } catch {
    // Only a start-up nicety.
  }
};

export function SettingsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const notifier = useNotifier();
  const [settings, setSettings] = useState<Settings>(() => ({ theme: readCachedTheme() }));
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.getSettings({}).then(
      (value) => {
        if (cancelled) return;
        setSettings(value);
        cacheTheme(value.theme);
        setLoaded(true);
      },
      (error: unknown) => {
        if (!cancelled) notifier.error('Could not load settings', error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, notifier]);

  const setTheme = useCallback(
    async (theme: ThemePreference) => {
      const previous = settings;
      setSettings({ ...settings, theme });
      try {
        const saved = await api.updateSettings({ theme });
        setSettings(saved);
        cacheTheme(saved.theme);
      } catch (error) {
        setSettings(previous);
        notifier.error('Could not change the theme', error);
      }
    },
    [api, notifier, settings],
  );

  const value = useMemo(() => ({ settings, loaded, setTheme }), [settings, loaded, setTheme]);
  return (
    <SettingsContext.Provider value={value}>
      <ThemeProvider preference={settings.theme}>{children}</ThemeProvider>
    </SettingsContext.Provider>
  );
}

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings must be used inside <SettingsProvider>');
  return value;
}
