import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { describeAuditError } from './audit-error';

describe('describeAuditError', () => {
  it('chooses the words by code, whatever the message says', () => {
    expect(describeAuditError(new ApiError('forbidden', 'connection lost')).message).toContain('audit:read');
    expect(describeAuditError(new ApiError('connection_lost', 'forbidden')).title).toBe('Connection to Nimbus lost');
  });

  it('lists the fields the engine refused', () => {
    const error = new ApiError('invalid_input', 'Invalid input', { issues: [{ path: 'actor', message: 'Too long' }, 'junk'] });
    expect(describeAuditError(error)).toEqual({ title: 'The filter was refused', message: 'actor: Too long' });
  });

  it('shows the engine’s message for any other failure, and copes with what is not an ApiError', () => {
    expect(describeAuditError(new ApiError('internal', 'The database is locked'))).toEqual({
      title: 'Could not read the audit log',
      message: 'The database is locked',
    });
    expect(describeAuditError({ code: 'some_future_code', message: 'Newer engine', details: {} }).message).toBe('Newer engine');
    expect(describeAuditError('boom').message).toBe('boom');
  });
});
