import type { WireError } from '../../../engine/api/contract';

/** One field that failed validation, as the engine reports it in `details.issues`. */
export interface ApiIssue {
  path: string;
  message: string;
}

/**
 * Every failed API call surfaces as an ApiError, whatever the transport, so screens can branch on a
 * stable `code` (`revision_conflict`, `invalid_input`, `connection_lost`, …) and show `message`, which
 * the engine words for people.
 */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Validation problems, if the engine sent any; malformed entries are skipped rather than trusted. */
  get issues(): ApiIssue[] {
    const raw = this.details['issues'];
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) return [];
      const path: unknown = Reflect.get(entry, 'path');
      const message: unknown = Reflect.get(entry, 'message');
      return typeof message === 'string' ? [{ path: typeof path === 'string' ? path : '', message }] : [];
    });
  }

  static fromWire(error: WireError): ApiError {
    return new ApiError(error.code, error.message, error.details);
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

// Electron prefixes errors that cross `ipcRenderer.invoke` with this; people should not see it.
const IPC_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

/** Normalises anything a transport may throw into an ApiError, keeping code and details when present. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isRecord(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string') {
    const details = isRecord(error['details']) ? error['details'] : {};
    return new ApiError(error['code'], error['message'].replace(IPC_PREFIX, ''), details);
  }
  if (error instanceof Error) return new ApiError('internal', error.message.replace(IPC_PREFIX, ''));
  return new ApiError('internal', String(error));
}
