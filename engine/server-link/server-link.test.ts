import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../api/schemas/jobs.js';
import { NimbusError } from '../errors.js';
import { loggerOver, type LogEntry } from '../logging/logger.js';
import type { EventConnectionState, ServerClient, ServerClientOptions, ServerSession } from '../remote/server-client.js';
import { useTestEngine } from '../test-support/test-engine.js';
import { SERVER_LINK_FILE, ServerLink } from './server-link.js';

// The link's own rules, around a fake of the remote client (the real one is tested against a real
// server in engine/store/postgres/server-link.test.ts); the local engine and its secrets are real.

const local = useTestEngine();

/** A stand-in for a server: answers calls from `answers`, records what it was asked. */
function fakeServer(answers: Record<string, unknown | Error> = {}) {
  const calls: { method: string; input: unknown; token: string }[] = [];
  const signedOut: string[] = [];
  const eventListeners = new Set<(event: JobEvent) => void>();
  const stateListeners = new Set<(state: EventConnectionState) => void>();
  let sessions = 0;
  const remote = {
    signIn(url: string, name: string, password: string): Promise<ServerSession> {
      if (password !== 'right') return Promise.reject(new NimbusError('invalid_credentials', 'Wrong user name or password'));
      sessions += 1;
      return Promise.resolve({ url, token: `nmb_s_token${sessions}`, user: { id: 'u1', name, tenant: 't1' }, tenant: 't1', expiresAt: '' });
    },
    connect(options: ServerClientOptions): ServerClient {
      return {
        url: options.url,
        call: (method, input) => {
          calls.push({ method, input, token: options.token });
          const given = answers[method];
          const answer =
            (typeof given === 'function' ? (given as () => unknown)() : given) ??
            (method === 'whoAmI' ? { user: { name: 'ann' }, tenant: { name: 'acme' } } : { from: 'server' });
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer as never);
        },
        healthy: () => Promise.resolve(true),
        onJobEvent: (listener) => {
          eventListeners.add(listener);
          return () => eventListeners.delete(listener);
        },
        onTopologyEvent: () => () => undefined,
        onConnectionState: (listener) => {
          stateListeners.add(listener);
          return () => stateListeners.delete(listener);
        },
        signOut: () => {
          signedOut.push(options.token);
          return Promise.resolve();
        },
        dispose: () => Promise.resolve(),
      };
    },
  };
  return {
    remote,
    calls,
    signedOut,
    push: (event: JobEvent) => eventListeners.forEach((listener) => listener(event)),
    setState: (state: EventConnectionState) => stateListeners.forEach((listener) => listener(state)),
  };
}

function makeLink(server: ReturnType<typeof fakeServer>, log: LogEntry[] = []): ServerLink {
  const engine = local.engine();
  return new ServerLink({
    dataDir: local.dataDir(),
    local: engine.dispatcher,
    localJobEvents: (listener) => engine.onJobEvent(listener),
    secrets: () => engine.services.secrets(),
    logger: loggerOver((entry) => log.push(entry)),
    remote: server.remote,
  });
}

const credentials = { url: 'https://nimbus.example.com/', name: 'ann', password: 'right' };

describe('ServerLink', () => {
  it('answers locally until connected, then forwards everything but the link and the preferences', async () => {
    const server = fakeServer({ getSystemInfo: { version: '9', backend: { kind: 'server', url: '' } } });
    const link = makeLink(server);
    await local.engine().dispatcher.dispatch('createTopology', { name: 'mine' });
    expect(await link.dispatcher.dispatch('listTopologies', {})).toMatchObject({ ok: true, result: [{ name: 'mine' }] });

    expect(await link.connect(credentials)).toMatchObject({
      status: 'connected',
      url: 'https://nimbus.example.com',
      user: 'ann',
      tenant: 'acme',
    });
    expect(await link.dispatcher.dispatch('listTopologies', {})).toEqual({ ok: true, result: { from: 'server' } });
    expect(server.calls.at(-1)).toEqual({ method: 'listTopologies', input: {}, token: 'nmb_s_token1' });
    // The server does not know its own address; the link names the one it connected to.
    expect(await link.dispatcher.dispatch('getSystemInfo', {})).toEqual({
      ok: true,
      result: { version: '9', backend: { kind: 'server', url: 'https://nimbus.example.com' } },
    });
    const callsBefore = server.calls.length;
    expect(await link.dispatcher.dispatch('getSettings', {})).toMatchObject({ ok: true, result: { theme: 'system' } });
    // Answered by the local engine (this one was made without a link of its own, so it says local).
    expect(await link.dispatcher.dispatch('getServerConnection', {})).toEqual({ ok: true, result: { status: 'local' } });
    expect(await link.dispatcher.dispatch('noSuchMethod', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(server.calls.length).toBe(callsBefore);
    await link.dispose();
  });

  it("passes on the server's refusals with their codes, and its job events and connection state", async () => {
    const server = fakeServer({
      startDeployment: new NimbusError('forbidden', 'You lack the permission component:deploy', { method: 'startDeployment' }),
    });
    const link = makeLink(server);
    await link.connect(credentials);
    expect(await link.dispatcher.dispatch('startDeployment', { topology: 't', environment: 'e' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'You lack the permission component:deploy', details: { method: 'startDeployment' } },
    });
    const heard: JobEvent[] = [];
    link.onJobEvent((event) => heard.push(event));
    const event = { jobId: 'j1', seq: 1, at: new Date().toISOString(), type: 'job.started', kind: 'x', title: 'x' } as JobEvent;
    server.push(event);
    expect(heard).toEqual([event]);
    server.setState('unauthorized');
    expect(link.status()).toMatchObject({ status: 'connected', events: 'unauthorized' });
    await link.dispose();
  });

  it('lets interceptors answer first, see answers, answer offline, and follow the session', async () => {
    const server = fakeServer({
      listLandingZones: new NimbusError('server_unreachable', 'connection refused', {}),
      listEnvironments: new NimbusError('server_unreachable', 'connection refused', {}),
    });
    const link = makeLink(server);
    const sessions: (string | undefined)[] = [];
    const seen: string[] = [];
    link.intercept({
      sessionChanged: (session) => sessions.push(session?.url),
      before: (call) => (call.method === 'getTopology' ? { ok: true, result: { from: 'replica' } } : undefined),
      after: (call) => {
        seen.push(call.method);
        throw new Error('a keeper that fails must not fail the call');
      },
      offline: (call, error) => (call.method === 'listLandingZones' ? { ok: true, result: [{ kept: error.code }] } : undefined),
    });
    await link.connect(credentials);
    expect(await link.dispatcher.dispatch('getTopology', { id: 't1' })).toEqual({ ok: true, result: { from: 'replica' } });
    expect(server.calls.some((call) => call.method === 'getTopology')).toBe(false);
    expect(await link.dispatcher.dispatch('listTopologies', {})).toEqual({ ok: true, result: { from: 'server' } });
    expect(seen).toContain('listTopologies');
    expect(await link.dispatcher.dispatch('listLandingZones', {})).toEqual({ ok: true, result: [{ kept: 'server_unreachable' }] });
    expect(await link.dispatcher.dispatch('listEnvironments', {})).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    await link.disconnect();
    expect(sessions).toEqual([undefined, 'https://nimbus.example.com', undefined]);
    await link.dispose();
  });

  it('lets a later interceptor answer offline after an earlier one refused, and keeps the refusal when none answers', async () => {
    const server = fakeServer({
      listLandingZones: new NimbusError('server_unreachable', 'connection refused', {}),
      listEnvironments: new NimbusError('server_unreachable', 'connection refused', {}),
    });
    const link = makeLink(server);
    const refusal = { ok: false as const, error: { code: 'server_unreachable' as const, message: 'not in the replica yet', details: {} } };
    link.intercept({ offline: () => refusal });
    link.intercept({ offline: (call) => (call.method === 'listLandingZones' ? { ok: true, result: ['planned offline'] } : undefined) });
    await link.connect(credentials);
    expect(await link.dispatcher.dispatch('listLandingZones', {})).toEqual({ ok: true, result: ['planned offline'] });
    expect(await link.dispatcher.dispatch('listEnvironments', {})).toEqual(refusal);
    await link.dispose();
  });

  it('waits out a short rate-limit pause the server asks for and sends the call again, but passes on a long one', async () => {
    let refusals = 0;
    const server = fakeServer({
      listJobs: () => (refusals++ < 1 ? new NimbusError('rate_limited', 'Too many calls; try again in 1 s', { retryAfterSeconds: 1 }) : []),
      listEvents: new NimbusError('rate_limited', 'Too many calls; try again in 60 s', { retryAfterSeconds: 60 }),
    });
    const link = makeLink(server);
    await link.connect(credentials);
    const started = Date.now();
    expect(await link.dispatcher.dispatch('listJobs', {})).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.calls.filter((call) => call.method === 'listJobs')).toHaveLength(2);
    expect(await link.dispatcher.dispatch('listEvents', {})).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(server.calls.filter((call) => call.method === 'listEvents')).toHaveLength(1);
    await link.dispose();
  });

  it('stays local when the sign-in is refused or the server will not say who signed in (and ends that session)', async () => {
    const refusing = fakeServer();
    const link = makeLink(refusing);
    await expect(link.connect({ ...credentials, password: 'wrong' })).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(link.status()).toEqual({ status: 'local' });
    await link.dispose();

    const mute = fakeServer({ whoAmI: new NimbusError('server_unreachable', 'gone') });
    const second = makeLink(mute);
    await expect(second.connect(credentials)).rejects.toMatchObject({ code: 'server_unreachable' });
    expect(second.status()).toEqual({ status: 'local' });
    expect(mute.signedOut).toEqual(['nmb_s_token1']);
    expect(() => readFileSync(path.join(local.dataDir(), SERVER_LINK_FILE))).toThrow(/ENOENT/);
    await second.dispose();
  });

  it('refuses what is not a server address before signing in, changing nothing', async () => {
    const server = fakeServer();
    const link = makeLink(server);
    for (const url of [
      '',
      'nimbus.example.com',
      'ftp://nimbus.example.com',
      'https://ann:secret@nimbus.example.com',
      'https://x/?token=1',
      'x'.repeat(5000),
    ]) {
      await expect(link.connect({ ...credentials, url }), url.slice(0, 40)).rejects.toMatchObject({ code: 'invalid_input' });
    }
    // Through the API, an address over the contract's limit is refused before the link sees it.
    const engine = local.engine();
    expect(await engine.dispatcher.dispatch('connectServer', { ...credentials, url: 'https://' + 'x'.repeat(3000) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(server.calls).toEqual([]);
    expect(link.status()).toEqual({ status: 'local' });
    await link.dispose();
  });

  it('keeps one session when connecting twice at once, and signs out of the server it replaces', async () => {
    const server = fakeServer();
    const link = makeLink(server);
    await Promise.all([link.connect(credentials), link.connect(credentials)]);
    expect(server.signedOut).toEqual(['nmb_s_token1']);
    expect(await local.engine().services.secrets().list('server-connection')).toHaveLength(1);
    expect(await link.disconnect()).toEqual({ status: 'local' });
    expect(server.signedOut).toEqual(['nmb_s_token1', 'nmb_s_token2']);
    await link.dispose();
  });

  it('restores the last session at start, and drops a record it cannot use', async () => {
    const server = fakeServer();
    const first = makeLink(server);
    await first.connect(credentials);
    await first.dispose();
    const restored = makeLink(server);
    await restored.restore();
    expect(restored.status()).toMatchObject({ status: 'connected', user: 'ann' });
    await restored.dispatcher.dispatch('listTopologies', {});
    expect(server.calls.at(-1)?.token).toBe('nmb_s_token1');
    await restored.dispose();

    writeFileSync(path.join(local.dataDir(), SERVER_LINK_FILE), '{ not json');
    const log: LogEntry[] = [];
    const broken = makeLink(server, log);
    await broken.restore();
    expect(broken.status()).toEqual({ status: 'local' });
    expect(log.map((entry) => entry.level)).toEqual(['warn']);
    expect(() => readFileSync(path.join(local.dataDir(), SERVER_LINK_FILE))).toThrow(/ENOENT/);
    await broken.dispose();
  });
});
