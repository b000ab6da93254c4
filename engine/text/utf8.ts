/**
 * Decodes bytes that must be UTF-8 (user files, request bodies, WebSocket frames), throwing a
 * `TypeError` on an invalid sequence rather than silently turning it into U+FFFD.
 */
export const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
