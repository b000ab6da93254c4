import { useState } from 'react';
import { desktopOptIn, desktopPermission, setDesktopOptIn } from '../notifications/desktop-notifications';

/**
 * Settings → Notifications: whether new unread notifications also appear as desktop notifications on
 * this device. The browser's permission is asked only when the user turns this on.
 */
export function DesktopNotificationsSetting() {
  const [on, setOn] = useState(desktopOptIn);
  const [permission, setPermission] = useState(desktopPermission);

  const toggle = async (wanted: boolean) => {
    if (!wanted) {
      setDesktopOptIn(false);
      setOn(false);
      return;
    }
    let answer = desktopPermission();
    if (answer === 'default') answer = await Notification.requestPermission();
    setPermission(answer);
    const allowed = answer === 'granted';
    setDesktopOptIn(allowed);
    setOn(allowed);
  };

  const note =
    permission === 'unsupported'
      ? 'This window cannot show desktop notifications; the bell in the status bar still counts them.'
      : permission === 'denied'
        ? 'The browser blocks notifications for this address: allow them in its site settings, then turn this on.'
        : on
          ? 'New unread notifications appear on your desktop while Nimbus is open.'
          : 'Off: only the bell in the status bar counts new notifications.';

  return (
    <section className="card" aria-labelledby="desktop-notifications-title" data-testid="desktop-notifications-section">
      <h2 id="desktop-notifications-title" className="card__title">
        Notifications
      </h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={on}
          disabled={permission === 'unsupported' || permission === 'denied'}
          onChange={(event) => void toggle(event.target.checked)}
          data-testid="desktop-notifications-toggle"
        />{' '}
        Show desktop notifications for new notifications on this device
      </label>
      <p className="card__text" role="status">
        {note}
      </p>
    </section>
  );
}
