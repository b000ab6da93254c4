import type { SystemInfo } from '../../../engine/api/contract';
import { AboutSection } from './AboutSection';
import { AccountSection } from './AccountSection';
import { PulumiSection } from './PulumiSection';
import { ThemeSetting } from './ThemeSetting';

export function SettingsPage({ active, info }: { active: boolean; info: SystemInfo | null }) {
  return (
    <div className="page page--scroll" hidden={!active} data-testid="settings-page">
      <div className="page__content">
        <h1 className="page__title">Settings</h1>
        <AccountSection />
        <ThemeSetting />
        <PulumiSection />
        <AboutSection info={info} />
      </div>
    </div>
  );
}
