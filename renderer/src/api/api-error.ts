import type { WireError } from '../../../engine/api/contract';
import { isErrorCode, type ErrorCode } from '../../../engine/common/error-codes';

/** One field that failed validation, as the engine reports it in `details.issues`. */
export interface ApiIssue {
  path: string;
  message: string;
}

/**
 * Every failed API call surfaces as an ApiError, whatever the transport, so screens can branch on a
 * stable `code` from the catalogue (`revision_conflict`, `invalid_input`, `connection_lost`, …) and show
 * `message`, which the engine words for people. A code this build does not know (a newer engine) becomes
 * `unknown_code`, so no screen mistakes it for one it handles; the message is kept and shown as is, and
 * `sentCode` keeps what the engine sent.
 */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly sentCode: string = code,
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

  /** Decodes an error as the engine sent it; its code is checked, since the engine may be newer than this build. */
  static fromWire(error: WireError | { code: string; message: string; details: Record<string, unknown> }): ApiError {
    const sent: string = error.code;
    return new ApiError(isErrorCode(sent) ? sent : 'unknown_code', error.message, error.details, sent);
  }
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
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
    return ApiError.fromWire({ code: error['code'], message: error['message'].replace(IPC_PREFIX, ''), details });
  }
  if (error instanceof Error) return new ApiError('internal', error.message.replace(IPC_PREFIX, ''));
  return new ApiError('internal', String(error));
}
