import type { SystemInfo } from '../../../engine/api/contract';
import { AboutSection } from './AboutSection';
import { AccountSection } from './AccountSection';
import { BackupSection } from './BackupSection';
import { DesktopNotificationsSetting } from './DesktopNotificationsSetting';
import { PulumiSection } from './PulumiSection';
import { ServerSection } from './ServerSection';
import { ThemeSetting } from './ThemeSetting';

export function SettingsPage({ active, info }: { active: boolean; info: SystemInfo | null }) {
  return (
    <div className="page page--scroll" hidden={!active} data-testid="settings-page">
      <div className="page__content">
        <h1 className="page__title">Settings</h1>
        <AccountSection />
        <ServerSection info={info} />
        <ThemeSetting />
        <DesktopNotificationsSetting />
        <PulumiSection />
        <BackupSection info={info} />
        <AboutSection info={info} />
      </div>
    </div>
  );
}
