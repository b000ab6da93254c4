/** The app's ways of writing a time, in the user's locale, made once. */

/** "12/3/26, 10:42:07": rows of a log or history, where the seconds matter. */
export const LOG_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
/** "Dec 3, 2026, 10:42 AM": when something was made or changed. */
export const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** "Dec 3, 2026, 10:42:07 AM": a precise moment on a detail page. */
export const PRECISE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
/** "10:42:07": a time today, in a live log. */
export const CLOCK_TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
