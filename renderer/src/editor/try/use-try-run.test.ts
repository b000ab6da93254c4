import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { tryFailureMessage } from './use-try-run';

describe('what a failed try run says', () => {
  it('asks for an update when the engine lacks the method, by its code', () => {
    expect(tryFailureMessage({ code: 'unknown_method', message: 'Unknown API method "tryComponent"', details: {} })).toMatch(
      /Update Nimbus/,
    );
  });

  it('shows the message of any other code, even one that reads like a missing method', () => {
    expect(tryFailureMessage(new ApiError('pulumi_program_error', 'The program failed while running: not implemented yet'))).toBe(
      'The program failed while running: not implemented yet',
    );
    expect(tryFailureMessage({ code: 'a_code_from_a_newer_engine', message: 'No handler for this region', details: {} })).toBe(
      'No handler for this region',
    );
  });

  it('suggests reconnecting when the connection dropped', () => {
    expect(tryFailureMessage(new ApiError('connection_lost', 'The connection to the engine was lost.'))).toBe(
      'The connection to the engine was lost. Reconnect, then try again.',
    );
  });
});
