import { NimbusError, type ErrorDetails } from '../errors.js';

/**
 * Bytes, a sync message or a stored document that cannot be a topology document: corrupt or truncated
 * CRDT data, another kind of document, or a shape a hostile or newer peer wrote. Nothing is changed
 * when it is thrown; `details.reason` says what is wrong so a replica can log it and ask again.
 */
export class SyncDocumentError extends NimbusError {
  override name = 'SyncDocumentError';
  constructor(what: string, reason: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super('sync_document_invalid', `${what} is not a valid topology document: ${reason}`, { ...details, reason }, options);
  }
}

/** A conflict to resolve that the document does not hold (resolved elsewhere meanwhile), or a value it never had. */
export class SyncConflictError extends NimbusError {
  override name = 'SyncConflictError';
  constructor(message: string, details: ErrorDetails) {
    super('sync_conflict_unknown', message, details);
  }
}
