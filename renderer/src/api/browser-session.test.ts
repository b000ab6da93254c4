import { describe, expect, it } from 'vitest';
import { checkSession, signInWithToken } from './browser-session';

const answer = (status: number, body: unknown) =>
  (() => Promise.resolve(new Response(JSON.stringify(body), { status }))) as unknown as typeof fetch;
const down = (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;

describe('browser session', () => {
  it('tells signed in, signed out and an unreachable server apart', async () => {
    expect(await checkSession(answer(200, { signedIn: true, actor: 'ann' }))).toBe('signed-in');
    expect(await checkSession(answer(200, { signedIn: false }))).toBe('signed-out');
    expect(await checkSession(answer(503, { code: 'service_unavailable' }))).toBe('unreachable');
    expect(await checkSession(down)).toBe('unreachable');
  });

  it('returns the refusal code of a wrong token and a clear message when the server is gone', async () => {
    expect(await signInWithToken(' nmb_o_x ', answer(200, { actor: 'ann' }))).toEqual({ ok: true });
    expect(await signInWithToken('nmb_o_x', answer(401, { code: 'unauthorized', message: 'no' }))).toEqual({
      ok: false,
      code: 'unauthorized',
      message: 'no',
    });
    expect(await signInWithToken('nmb_o_x', down)).toMatchObject({ ok: false, code: 'not_connected' });
  });
});
