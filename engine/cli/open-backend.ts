/**
 * Which backend a command runs against, from its options, the environment and the saved profiles:
 * `--local` or `--data DIR` → the data directory; `--server URL` (or NIMBUS_SERVER) → that server
 * with NIMBUS_TOKEN, else the profile saved for it; else the current profile (`nimbus login`); else
 * the data directory. Opening a server touches nothing of the data directory.
 */
import type { EngineOptions } from '../engine.js';
import { NimbusError } from '../errors.js';
import { resolveDataDir } from '../paths.js';
import { connectToServer } from '../remote/server-client.js';
import { normaliseServerUrl } from '../remote/server-url.js';
import { localBackend, serverBackend, type Backend } from './backend.js';
import { currentProfile, profileFor, type Profile } from './profiles.js';
import { UsageError, type Io } from './usage-error.js';

/** The global options that choose the backend. */
export interface BackendChoice {
  data?: string;
  server?: string;
  local?: boolean;
  debug?: boolean;
}

/** Where commands would run, without opening anything: for `whoami` and the help of login and logout. */
export type BackendTarget =
  | { kind: 'local'; dataDir: string }
  | { kind: 'server'; url: string; token: string; source: 'NIMBUS_TOKEN' | 'profile'; profile?: Profile };

/** Decides the backend; refuses contradicting options and a server with no token to call it with. */
export function chooseBackend(choice: BackendChoice, env: NodeJS.ProcessEnv = process.env): BackendTarget {
  const server = choice.server ?? (choice.local || choice.data !== undefined ? undefined : env.NIMBUS_SERVER || undefined);
  if (choice.local && choice.server !== undefined) throw new UsageError('give --server URL or --local, not both');
  if (choice.data !== undefined && choice.server !== undefined)
    throw new UsageError('--data names a local data directory; it does not go with --server URL');
  if (choice.local || choice.data !== undefined) return { kind: 'local', dataDir: resolveDataDir(choice.data) };
  if (server !== undefined) {
    const url = normaliseServerUrl(server);
    const token = env.NIMBUS_TOKEN?.trim();
    if (token) return { kind: 'server', url, token, source: 'NIMBUS_TOKEN' };
    const profile = profileFor(url, env);
    if (!profile)
      throw new NimbusError(
        'unauthorized',
        `Not signed in to ${url}: sign in with nimbus login ${url}, or set NIMBUS_TOKEN to a personal access token`,
        { url },
      );
    return { kind: 'server', url, token: profile.token, source: 'profile', profile };
  }
  const profile = currentProfile(env);
  if (profile) return { kind: 'server', url: profile.url, token: profile.token, source: 'profile', profile };
  return { kind: 'local', dataDir: resolveDataDir(undefined) };
}

/** The error for a token the server no longer accepts, saying how to get a working one. */
function signInAgain(target: Extract<BackendTarget, { kind: 'server' }>, error?: NimbusError): NimbusError {
  const message =
    target.source === 'NIMBUS_TOKEN'
      ? `The token in NIMBUS_TOKEN is not accepted by ${target.url} (wrong, expired or revoked); create a new one with nimbus token create NAME`
      : `Your sign-in to ${target.url} has expired or was ended; sign in again with nimbus login ${target.url}`;
  return new NimbusError('unauthorized', message, { url: target.url, ...(error ? { requestId: error.details.requestId } : {}) });
}

/** Opens the chosen backend: the engine on the data directory, or a client of the server. */
export async function openBackend(target: BackendTarget, io: Io, debug: boolean): Promise<Backend> {
  if (target.kind === 'server') {
    if (target.profile && Date.parse(target.profile.expiresAt) <= Date.now()) throw signInAgain(target);
    return serverBackend(connectToServer({ url: target.url, token: target.token }), (error) => signInAgain(target, error));
  }
  // With --debug the engine's own log lines (an unexpected failure's stack among them) reach stderr too.
  const options: EngineOptions = {
    dataDir: target.dataDir,
    ...(debug ? { logToStderr: { level: 'debug' as const, write: io.err } } : {}),
  };
  const engine = await (await import('../engine.js')).createEngine(options);
  try {
    await engine.ready;
  } catch (error) {
    await engine.dispose();
    throw error;
  }
  return localBackend(engine, target.dataDir);
}
