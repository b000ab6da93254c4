import { describe, expect, it } from 'vitest';
import { checkSession, describeSignInRefusal, readSession, signInWithPassword, signInWithToken, signOut } from './browser-session';

const answer = (status: number, body: unknown) =>
  (() => Promise.resolve(new Response(status === 204 ? null : JSON.stringify(body), { status }))) as unknown as typeof fetch;
const down = (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;

describe('browser session', () => {
  it('tells signed in, signed out and an unreachable server apart', async () => {
    expect(await checkSession(answer(200, { signedIn: true, actor: 'ann' }))).toBe('signed-in');
    expect(await checkSession(answer(200, { signedIn: false }))).toBe('signed-out');
    expect(await checkSession(answer(503, { code: 'service_unavailable' }))).toBe('unreachable');
    expect(await checkSession(down)).toBe('unreachable');
  });

  it('says whether a signed-out browser signs in with a password (a shared server) or a token', async () => {
    expect(await readSession(answer(200, { signedIn: false, passwords: true }))).toEqual({ status: 'signed-out', passwords: true });
    expect(await readSession(answer(200, { signedIn: false, passwords: false }))).toEqual({ status: 'signed-out', passwords: false });
    expect(await readSession(answer(200, { signedIn: false }))).toEqual({ status: 'signed-out', passwords: false });
    expect(await readSession(answer(200, { signedIn: true, actor: 'ann' }))).toEqual({ status: 'signed-in' });
  });

  it('returns the refusal code of a wrong token and a clear message when the server is gone', async () => {
    expect(await signInWithToken(' nmb_o_x ', answer(200, { actor: 'ann' }))).toEqual({ ok: true });
    expect(await signInWithToken('nmb_o_x', answer(401, { code: 'unauthorized', message: 'no' }))).toEqual({
      ok: false,
      code: 'unauthorized',
      message: 'no',
      details: {},
    });
    expect(await signInWithToken('nmb_o_x', down)).toMatchObject({ ok: false, code: 'not_connected' });
  });

  it('sends the name trimmed and the password as typed, and keeps the details of a refusal', async () => {
    const sent: unknown[] = [];
    const recording = ((_url: string, init: RequestInit) => {
      sent.push(JSON.parse(init.body as string));
      return Promise.resolve(
        new Response(JSON.stringify({ code: 'login_throttled', message: 'wait', details: { retryAfterSeconds: 30 } }), { status: 429 }),
      );
    }) as unknown as typeof fetch;
    const outcome = await signInWithPassword(' ann ', ' secret ', recording);
    expect(sent).toEqual([{ name: 'ann', password: ' secret ' }]);
    expect(outcome).toEqual({ ok: false, code: 'login_throttled', message: 'wait', details: { retryAfterSeconds: 30 } });
    expect(await signInWithPassword('ann', 'x', answer(200, { actor: 'u1' }))).toEqual({ ok: true });
  });

  it('words each refusal by its code, with the wait of a throttled sign-in', () => {
    const refusal = (code: string, details: Record<string, unknown> = {}) => ({ code, message: `server says ${code}`, details });
    expect(describeSignInRefusal(refusal('invalid_credentials'), 'password')).toBe('Wrong user name or password.');
    expect(describeSignInRefusal(refusal('login_throttled', { retryAfterSeconds: 42 }), 'password')).toBe(
      'Too many failed sign-ins. Try again in 42 s.',
    );
    expect(describeSignInRefusal(refusal('login_throttled', { retryAfterSeconds: 600 }), 'password')).toBe(
      'Too many failed sign-ins. Try again in 10 minutes.',
    );
    expect(describeSignInRefusal(refusal('service_unavailable'), 'password')).toMatch(/cannot check sign-ins right now/);
    expect(describeSignInRefusal(refusal('unauthorized'), 'token')).toMatch(/not valid for this server/);
    expect(describeSignInRefusal(refusal('invalid_input'), 'password')).toBe('server says invalid_input');
  });

  it('signs out, and says so when the server did not answer', async () => {
    expect(await signOut(answer(204, null))).toBe(true);
    expect(await signOut(down)).toBe(false);
  });
});
