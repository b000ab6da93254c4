import { describe, expect, it } from 'vitest';
import { ApiError, isApiError, toApiError } from './api-error';

describe('toApiError', () => {
  it('keeps code, message and details of a wire error', () => {
    const error = toApiError({
      code: 'invalid_input',
      message: 'Invalid input',
      details: { issues: [{ path: 'name', message: 'must not be empty' }, 'junk'] },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual([{ path: 'name', message: 'must not be empty' }]);
    expect(isApiError(error, 'invalid_input')).toBe(true);
    expect(isApiError(error, 'not_found')).toBe(false);
  });

  it('keeps the message of a code this build does not know (a newer engine), under unknown_code', () => {
    const error = toApiError({ code: 'quota_exceeded_somewhere_new', message: 'The team quota is used up', details: {} });
    expect(error).toMatchObject({ code: 'unknown_code', sentCode: 'quota_exceeded_somewhere_new', message: 'The team quota is used up' });
    expect(ApiError.fromWire({ code: 'not_found', message: 'gone', details: {} })).toMatchObject({
      code: 'not_found',
      sentCode: 'not_found',
    });
  });

  it('types codes against the catalogue', () => {
    // @ts-expect-error a code outside the catalogue does not compile
    expect(isApiError(new ApiError('internal', 'x'), 'no_such_code')).toBe(false);
  });

  it("strips Electron's IPC prefix from plain errors", () => {
    const error = toApiError(new Error('Error invoking remote method \'nimbus:getTopology\': Error: Topology "x" does not exist'));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Topology "x" does not exist');
  });

  it('returns an ApiError unchanged and wraps anything else', () => {
    const original = new ApiError('not_found', 'gone');
    expect(toApiError(original)).toBe(original);
    expect(toApiError('boom')).toMatchObject({ code: 'internal', message: 'boom' });
  });
});
