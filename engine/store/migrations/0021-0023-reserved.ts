import type { Migration } from '../migration.js';

/**
 * Versions 21 to 23 belong to the shared topology documents (server side and desktop replicas) and to
 * the desktop's replica of the server's answers; their tables arrive with those changes. Until then
 * these keep the numbering without gaps, and change nothing.
 */
const reserved = (version: number, name: string): Migration => ({ version, name, up: () => undefined });

export const migration0021 = reserved(21, 'topology-documents');
export const migration0022 = reserved(22, 'document-replicas');
export const migration0023 = reserved(23, 'replica-answers');
