import { z } from 'zod';

/** Component programs are source files; 1 MiB is far beyond any real one and bounds hostile input. */
export const MAX_COMPONENT_CODE_BYTES = 1024 * 1024;

export const ComponentCode = z
  .string()
  .refine((code) => new TextEncoder().encode(code).byteLength <= MAX_COMPONENT_CODE_BYTES, 'must be at most 1 MiB');
