import { useSettings } from '../app/SettingsProvider';
import { THEME_PREFERENCES } from '../theme/theme';

export function ThemeSetting() {
  const { settings, setTheme } = useSettings();
  return (
    <section className="card" aria-labelledby="appearance-title">
      <h2 id="appearance-title" className="card__title">
        Appearance
      </h2>
      <p className="card__text">System follows your operating system's light or dark mode.</p>
      <div className="segmented" role="radiogroup" aria-label="Theme">
        {THEME_PREFERENCES.map((option) => (
          <label key={option.value} className={`segmented__option${settings.theme === option.value ? ' segmented__option--active' : ''}`}>
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={settings.theme === option.value}
              onChange={() => void setTheme(option.value)}
              data-testid={`theme-${option.value}`}
            />
            {option.label}
          </label>
        ))}
      </div>
    </section>
  );
}
