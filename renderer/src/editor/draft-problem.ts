import { toApiError } from '../api/api-error';

/** Where in the editor a refused save belongs. */
export type DraftArea = 'inputs' | 'outputs' | 'bindings' | 'code' | 'details';

/** A save the engine refused, placed next to what caused it. */
export interface DraftProblem {
  area: DraftArea;
  /** The input or output the problem is about, when known. */
  property: string | null;
  /** JSON pointer into the schema (`/properties/cores/type`), when the engine gave one. */
  pointer: string | null;
  message: string;
}

/** The property a pointer like `/properties/cores/minimum` is about (with `~1`/`~0` unescaped). */
export function propertyOfPointer(pointer: string): string | null {
  const match = /^\/properties\/([^/]+)/.exec(pointer);
  return match?.[1] ? match[1].replace(/~1/g, '/').replace(/~0/g, '~') : null;
}

const AREA_OF_FIELD: Record<string, DraftArea> = {
  inputSchema: 'inputs',
  input_schema: 'inputs',
  outputSchema: 'outputs',
  output_schema: 'outputs',
  resolverBindings: 'bindings',
  resolver_bindings: 'bindings',
  secretInputs: 'inputs',
  code: 'code',
  description: 'details',
  upgrade: 'inputs',
};

/**
 * Places an error of `updateComponentDraft`/`createComponent` in the editor from its code and details,
 * never its wording: an invalid schema (`invalid_schema`, with JSON pointers and `details.schema`), a binding that does not fit its input (`binding_*`, with
 * the input), or invalid content (`invalid_input`, with field paths). Null when it is about nothing
 * the person can point at (a revision conflict, a lost connection).
 */
export function locateDraftProblem(error: unknown): DraftProblem | null {
  const apiError = toApiError(error);
  const { code, message, details } = apiError;
  const first = apiError.issues[0];

  if (code === 'invalid_schema') {
    const field = typeof details['schema'] === 'string' ? details['schema'] : null;
    const area = (field && AREA_OF_FIELD[field]) || 'inputs';
    const pointer = first?.path && first.path !== '/' ? first.path : null;
    return { area, property: pointer ? propertyOfPointer(pointer) : null, pointer, message };
  }

  if (code === 'binding_incomplete' || code === 'binding_type_mismatch' || code === 'binding_unknown_input') {
    return { area: 'bindings', property: typeof details['input'] === 'string' ? details['input'] : null, pointer: null, message };
  }

  if (code === 'invalid_input') {
    if (typeof details['input'] === 'string') return { area: 'inputs', property: details['input'], pointer: null, message };
    // Field paths of the content (`inputSchema.properties`) or of the bindings alone (`cores.prefix`).
    const path = first?.path ?? '';
    const [head = '', next] = path.split(/[.[]/);
    if (details['field'] === 'resolverBindings') return { area: 'bindings', property: head || null, pointer: null, message };
    const area = AREA_OF_FIELD[head];
    if (area) return { area, property: area === 'bindings' && next ? next.replace(/\]$/, '') : null, pointer: null, message };
  }
  return null;
}
