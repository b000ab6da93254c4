import { randomBytes } from 'node:crypto';

/**
 * CRDT actor ids that carry the Nimbus user id, so every value in a conflict can name who wrote it.
 *
 * An actor id is hex bytes: the user id in UTF-8, one 0xff byte (which UTF-8 never contains, so it
 * always ends the user id) and 8 random bytes. The random part gives each replica of one user (two
 * laptops, a desktop and a browser) its own actor: two replicas must never share one, or their
 * changes would collide. Nothing here is a proof of identity: the server checks who sends changes.
 */
const SEPARATOR = 'ff';
const RANDOM_BYTES = 8;
/** User ids are entity ids (at most 100 characters); UTF-8 takes at most 4 bytes a character. */
const MAX_USER_BYTES = 400;

/** A fresh actor id for one replica of `userId`. */
export function actorForUser(userId: string): string {
  if (userId.length === 0) throw new RangeError('a replica needs the id of the user who edits it');
  const user = Buffer.from(userId, 'utf8');
  if (user.length > MAX_USER_BYTES) throw new RangeError(`user id of ${user.length} bytes is longer than ${MAX_USER_BYTES}`);
  return `${user.toString('hex')}${SEPARATOR}${randomBytes(RANDOM_BYTES).toString('hex')}`;
}

/**
 * The user id an actor id carries, or undefined for an actor that no Nimbus replica made (a random
 * actor, a foreign tool): the UI then says "unknown user" rather than guessing.
 */
export function userOfActor(actor: string): string | undefined {
  if (!/^(?:[0-9a-f]{2})+$/.test(actor)) return undefined;
  for (let index = 0; index < actor.length; index += 2) {
    if (actor.slice(index, index + 2) !== SEPARATOR) continue;
    if (index === 0 || actor.length - index - 2 !== RANDOM_BYTES * 2) return undefined;
    const bytes = Buffer.from(actor.slice(0, index), 'hex');
    const text = bytes.toString('utf8');
    // A lone continuation byte decodes to U+FFFD: then these bytes were never a user id.
    return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
  }
  return undefined;
}
