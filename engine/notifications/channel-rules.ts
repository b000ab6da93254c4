/**
 * What a channel's settings must look like, checked when a channel is created so a typo shows up
 * at once with the field named, not as a dead letter hours later.
 */
import { excerpt } from '../text/excerpt.js';
import { NotificationError } from './notification-errors.js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
/** An address as people write one in a To: line: local part, @, a domain with a dot; no spaces, angle brackets or line breaks. */
const EMAIL = /^[^\s@<>(),;:"\\[\]]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[?[0-9a-f:]+\]?$/i;

function invalid(field: string, message: string): NotificationError {
  return new NotificationError('invalid_channel', message, { field });
}

/** A channel name: letters, digits, `.`, `_`, `-`, up to 63; `in-app` is the built-in channel. */
export function validateChannelName(name: string): void {
  if (!NAME.test(name)) {
    throw invalid(
      'name',
      `Channel name ${JSON.stringify(excerpt(name, 60))} must be 1–63 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  if (name.toLowerCase() === 'in-app') throw invalid('name', 'The name in-app belongs to the built-in in-app channel');
}

/** An email address; returned as given when usable. */
export function validateEmailAddress(address: string, field: string): string {
  if (address.length > 254 || !EMAIL.test(address)) {
    throw invalid(field, `${JSON.stringify(excerpt(address, 80))} is not an email address (like ops@example.com)`);
  }
  return address;
}

/** SMTP settings: host, port, TLS mode, sender, and a password only with a user name. */
export function validateEmailSettings(email: {
  host: string;
  port: number;
  tls: string;
  from: string;
  username?: string;
  password?: string;
}): void {
  if (email.host.length > 253 || !HOST.test(email.host))
    throw invalid('host', `SMTP host ${JSON.stringify(excerpt(email.host, 80))} is not a host name or IP address`);
  if (!Number.isInteger(email.port) || email.port < 1 || email.port > 65535)
    throw invalid('port', `SMTP port ${email.port} is not a port from 1 to 65535`);
  if (!['none', 'starttls', 'tls'].includes(email.tls))
    throw invalid('tls', `TLS mode ${JSON.stringify(excerpt(email.tls, 40))} is none of none, starttls, tls`);
  validateEmailAddress(email.from, 'from');
  if (email.username !== undefined && (email.username.length === 0 || email.username.length > 200 || /[\r\n]/.test(email.username))) {
    throw invalid('username', 'The SMTP user name must be 1–200 characters on one line');
  }
  if (email.password !== undefined && email.username === undefined) throw invalid('password', 'An SMTP password needs a user name');
  if (email.password !== undefined && (email.password.length === 0 || email.password.length > 1000)) {
    throw invalid('password', 'The SMTP password must be 1–1000 characters');
  }
}

/** A webhook URL: absolute http(s), no credentials in it (the signature authenticates), at most 2048 characters. */
export function validateWebhookUrl(text: string): string {
  if (text.length > 2048) throw invalid('url', 'The webhook URL is longer than 2048 characters');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('url', `${JSON.stringify(excerpt(text, 80))} is not an absolute URL (like https://hooks.example.com/nimbus)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid('url', `A webhook URL must start with https:// or http://, not ${excerpt(url.protocol, 20)}`);
  }
  if (url.username || url.password)
    throw invalid('url', 'A webhook URL must not carry a user name or password; the signature authenticates each request');
  if (url.hash) throw invalid('url', 'A webhook URL must not have a #fragment');
  return url.toString();
}
