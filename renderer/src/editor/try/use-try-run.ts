import { useCallback, useMemo, useRef, useState } from 'react';
import type { MethodOutput, NimbusApi } from '../../../../engine/api/contract';
import { toApiError } from '../../api/api-error';
import type { ComponentContent } from '../component-content';
import { initialParamTexts, paramFields, readParams, type ParamField } from './try-params';

/** What "Try it" runs: the draft (with the editor's code) or a published version. */
export interface TryTarget {
  name: string;
  version: number | 'draft';
  content: ComponentContent;
  /** The code to run instead of the saved draft's, when the editor has unsaved code. */
  code: string | null;
}

export type TryComponentResult = MethodOutput<'tryComponent'>;

export type TryOutcome = { kind: 'result'; result: TryComponentResult } | { kind: 'failed'; message: string };

/** What the panel says when a run fails, chosen by the error's code; any other code shows the engine's message. */
export function tryFailureMessage(error: unknown): string {
  const apiError = toApiError(error);
  switch (apiError.code) {
    // An older engine answers a method it does not have with `unknown_method`.
    case 'unknown_method':
      return 'This engine cannot run components under mocks yet. Update Nimbus, then try again.';
    case 'connection_lost':
      return `${apiError.message} Reconnect, then try again.`;
    default:
      return apiError.message;
  }
}

/**
 * The "Try it" panel's state: parameter texts per component (kept while the contract changes), the
 * last run's outcome, and running. A run never touches a cloud: the engine runs the program under
 * Pulumi mocks.
 */
export function useTryRun(api: NimbusApi, target: TryTarget | null) {
  const key = target ? `${target.name}@${target.version}` : '';
  const [state, setState] = useState<{
    key: string;
    texts: Record<string, string>;
    outcome: TryOutcome | null;
    errors: Record<string, string>;
  }>({
    key,
    texts: {},
    outcome: null,
    errors: {},
  });
  const [running, setRunning] = useState(false);
  const runCounter = useRef(0);
  // Another component or version starts with fresh parameters and no result.
  if (state.key !== key) setState({ key, texts: {}, outcome: null, errors: {} });

  const inputSchema = target?.content.inputSchema;
  const bindings = target?.content.resolverBindings;
  const secretInputs = target?.content.secretInputs;
  const fields: ParamField[] = useMemo(
    () => (inputSchema && bindings && secretInputs ? paramFields(inputSchema, bindings, secretInputs) : []),
    [inputSchema, bindings, secretInputs],
  );
  const name = target?.name;
  const initial = useMemo(
    () => (inputSchema && bindings && name ? initialParamTexts(inputSchema, bindings, name) : {}),
    [inputSchema, bindings, name],
  );
  // What the person typed wins; new inputs of the contract start from their default.
  const texts = useMemo(() => ({ ...initial, ...state.texts }), [initial, state.texts]);

  const setText = useCallback((field: string, text: string) => {
    setState((previous) => ({
      ...previous,
      texts: { ...previous.texts, [field]: text },
      errors: Object.fromEntries(Object.entries(previous.errors).filter(([other]) => other !== field)),
    }));
  }, []);

  const reset = useCallback(() => setState((previous) => ({ ...previous, texts: {}, errors: {} })), []);

  const run = useCallback(async () => {
    if (!target) return;
    const { params, errors } = readParams(fields, texts);
    if (Object.keys(errors).length > 0) {
      setState((previous) => ({ ...previous, errors }));
      return;
    }
    runCounter.current += 1;
    const mine = runCounter.current;
    setRunning(true);
    try {
      const result = await api.tryComponent({
        name: target.name,
        version: target.version,
        ...(target.code !== null ? { code: target.code } : {}),
        params,
      });
      if (mine === runCounter.current)
        setState((previous) => (previous.key === key ? { ...previous, outcome: { kind: 'result', result }, errors: {} } : previous));
    } catch (error) {
      const message = tryFailureMessage(error);
      if (mine === runCounter.current)
        setState((previous) => (previous.key === key ? { ...previous, outcome: { kind: 'failed', message } } : previous));
    } finally {
      if (mine === runCounter.current) setRunning(false);
    }
  }, [api, fields, key, target, texts]);

  return { fields, texts, errors: state.errors, outcome: state.key === key ? state.outcome : null, running, setText, reset, run };
}

export type TryRun = ReturnType<typeof useTryRun>;
