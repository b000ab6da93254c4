import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { describeNotificationError, templateProblem } from './notification-error';

describe('notification errors', () => {
  it('puts a refused template next to the field the engine names', () => {
    expect(templateProblem(new ApiError('invalid_template', 'The body names an unknown placeholder {{nope}}', { part: 'body' }))).toEqual({
      part: 'body',
      message: 'The body names an unknown placeholder {{nope}}',
    });
    expect(templateProblem(new ApiError('invalid_template', 'odd', { part: 'footer' }))?.part).toBeNull();
    expect(templateProblem(new ApiError('invalid_input', 'Invalid input', { issues: [{ path: 'subject', message: 'Too long' }] }))).toEqual(
      { part: 'subject', message: 'Too long' },
    );
    expect(templateProblem(new ApiError('forbidden', 'No'))).toBeNull();
  });

  it('words errors by their code, not their text', () => {
    expect(describeNotificationError(new ApiError('not_dead_letter', 'Notification x is sent, not a dead letter')).title).toBe(
      'No longer a dead letter',
    );
    expect(describeNotificationError(new ApiError('forbidden', 'You lack the permission notification:manage')).message).toContain(
      'notification:manage',
    );
    expect(describeNotificationError({ code: 'something_new', message: 'Newer engine' }).title).toBe('Something went wrong');
  });
});
