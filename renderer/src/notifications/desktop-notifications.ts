/**
 * Desktop notifications for new in-app notifications, through the browser's Notification API: only
 * after the user opted in on this device (Settings → Notifications) and the browser granted
 * permission, which is asked only when the user turns the option on, never unprompted.
 */
const OPT_IN_KEY = 'nimbus.desktopNotifications';

/** Whether this browser offers desktop notifications at all. */
export function desktopNotificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** The browser's answer so far: `default` (not asked), `granted`, `denied`; `unsupported` without the API. */
export function desktopPermission(): NotificationPermission | 'unsupported' {
  return desktopNotificationsSupported() ? Notification.permission : 'unsupported';
}

/** Whether the user opted in on this device. */
export function desktopOptIn(): boolean {
  try {
    return window.localStorage.getItem(OPT_IN_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setDesktopOptIn(on: boolean): void {
  try {
    if (on) window.localStorage.setItem(OPT_IN_KEY, 'on');
    else window.localStorage.removeItem(OPT_IN_KEY);
  } catch {
    // Storage refused (private mode): the option stays off.
  }
}

/** The unread notifications not seen before, oldest first, remembering all of them as seen. */
export function freshUnread<T extends { id: string; readAt: string | null }>(items: readonly T[], seen: Set<string>): T[] {
  const fresh = items.filter((item) => item.readAt === null && !seen.has(item.id));
  for (const item of items) seen.add(item.id);
  return fresh.reverse();
}

/** Shows one desktop notification, when the user opted in and the browser allows it; returns whether it did. */
export function showDesktopNotification(title: string, body: string, tag: string, onClick: () => void): boolean {
  if (!desktopOptIn() || desktopPermission() !== 'granted') return false;
  try {
    const shown = new Notification(title, { body: body.slice(0, 300), tag });
    shown.onclick = () => {
      window.focus();
      onClick();
      shown.close();
    };
    return true;
  } catch {
    // Some browsers allow notifications only from a service worker; the bell still shows it.
    return false;
  }
}
