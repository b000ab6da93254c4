import { wireMismatch } from '../../../../engine/common/wire-compatibility';
import type { PortSpec } from './port-spec';

/**
 * Why a wire from `output` into `input` cannot carry a value, or null when it fits: the engine's own
 * wire rule (engine/common/wire-compatibility.ts), with the ports named by their keys. A port without
 * a contract (an unknown component's dependency port) fits anything.
 */
export function wireRefusal(output: PortSpec, input: PortSpec): string | null {
  return wireMismatch({ ...output, label: output.key }, { ...input, label: input.key });
}
