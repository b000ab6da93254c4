/** A Nimbus server's address as people type it, checked and written one way. */
import { NimbusError } from '../errors.js';
import { excerpt } from '../text/excerpt.js';

/**
 * The canonical form of a server address: `http(s)://host[:port][/path]` without a trailing slash, so
 * one server is one profile whatever way its address was typed. Refuses what is not such an address
 * (another scheme, user:password@, a query or fragment): a password in a URL would end up in profiles
 * and shell history.
 */
export function normaliseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new NimbusError('invalid_input', `${excerpt(text)} is not a server address; give one like https://nimbus.example.com`, {
      url: excerpt(text, 200),
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new NimbusError('invalid_input', `A server address starts with https:// (or http://), not ${excerpt(url.protocol)}`, {});
  if (url.username || url.password)
    throw new NimbusError('invalid_input', 'Give the server address without a user name or password in it; nimbus login asks for them', {});
  if (url.search || url.hash) throw new NimbusError('invalid_input', 'Give the server address without ?query or #fragment', {});
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The absolute address of a path on the server (`api/v1/whoAmI`), under the server's own path. */
export function serverEndpoint(serverUrl: string, relative: string): URL {
  return new URL(relative, `${serverUrl}/`);
}

/** Whether the address talks to this machine only (plain HTTP is acceptable there). */
export function isLocalAddress(serverUrl: string): boolean {
  const host = new URL(serverUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
