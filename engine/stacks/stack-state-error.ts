import { NimbusError } from '../errors.js';

/** A request the instance's state does not allow; names the states that would. */
export class StackStateError extends NimbusError {
  override name = 'StackStateError';
}
