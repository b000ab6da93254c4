import { NimbusError } from '../errors.js';

/** A notification gateway failure with a stable code (see `NOTIFICATION_ERROR_CODES`). */
export class NotificationError extends NimbusError {
  override name = 'NotificationError';
  constructor(
    code: 'invalid_template' | 'invalid_channel' | 'channel_exists' | 'invalid_subscription' | 'not_dead_letter',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
