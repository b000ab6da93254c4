import type { Command } from '../commands/command';
import type { PageId } from '../routing/route';
import type { ThemePreference } from '../theme/theme';
import { MAIN_PAGES, SETTINGS_PAGE } from './pages';

/** What the app-wide commands act on. */
export interface GlobalCommandContext {
  navigate(page: PageId): void;
  openPalette(): void;
  theme: ThemePreference;
  setTheme(theme: ThemePreference): void;
  /** Sends the outbox's waiting changes to the shared server now, and says how it went. */
  syncNow(): void;
}

/** Opens the command palette; also works while typing in a field. */
export const openPaletteCommand: Command<GlobalCommandContext> = {
  id: 'open-command-palette',
  title: 'Show all commands',
  keys: ['Mod+Shift+P', 'Mod+K'],
  whileTyping: true,
  isEnabled: () => true,
  perform: (context) => context.openPalette(),
};

const NEXT_THEME: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };

/** Cycles the theme: system → light → dark → system. */
export const cycleThemeCommand: Command<GlobalCommandContext> = {
  id: 'cycle-theme',
  title: 'Change theme (system, light, dark)',
  keys: [],
  isEnabled: () => true,
  perform: (context) => context.setTheme(NEXT_THEME[context.theme]),
};

/** One "Go to …" command per page, so every page is a few keystrokes away. */
export const goToCommands: Command<GlobalCommandContext>[] = [...MAIN_PAGES, SETTINGS_PAGE].map((page) => ({
  id: `go-to-${page.id}`,
  title: `Go to ${page.label}`,
  icon: page.icon,
  keys: [],
  isEnabled: () => true,
  perform: (context) => context.navigate(page.id),
}));

/** Sends what waits in the outbox now, from anywhere (the Sync page has the same as a button). */
export const syncNowCommand: Command<GlobalCommandContext> = {
  id: 'sync-now',
  title: 'Sync now (send the waiting changes to the server)',
  icon: 'refresh',
  keys: [],
  isEnabled: () => true,
  perform: (context) => context.syncNow(),
};

/** Every app-wide command. */
export const globalCommands: readonly Command<GlobalCommandContext>[] = [
  openPaletteCommand,
  ...goToCommands,
  cycleThemeCommand,
  syncNowCommand,
];
