/** The owner token of each running test server, by its address, for API calls made outside the page. */
const tokens = new Map<string, string>();

const key = (url: string) => new URL(url).origin;

/** Remembers the token `nimbus serve` printed for the server at `url`. */
export function rememberToken(url: string, token: string): void {
  tokens.set(key(url), token);
}

/** The token of the server at `url`; fails when no test server there printed one. */
export function tokenFor(url: string): string {
  const token = tokens.get(key(url));
  if (!token) throw new Error(`No sign-in token is known for ${url}: start it with startNimbusServer`);
  return token;
}
