import type {
  ApprovalEventNotice,
  JobEvent,
  MethodName,
  NimbusApi,
  NimbusMethods,
  TopologyEventNotice,
} from '../../../engine/api/contract';
import { METHOD_NAMES } from '../../../engine/common/method-names';

/**
 * Builds a NimbusApi from one generic call function. The engine validates inputs and outputs against
 * the contract, so the client only forwards; the single cast below is where the wire's `unknown` meets
 * the contract's types.
 */
export function buildApi(
  call: (method: MethodName, input: unknown) => Promise<unknown>,
  onJobEvent: (listener: (event: JobEvent) => void) => () => void,
  onApprovalEvent?: (listener: (event: ApprovalEventNotice) => void) => () => void,
  onTopologyEvent?: (listener: (event: TopologyEventNotice) => void) => () => void,
): NimbusApi {
  const methods = Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => call(method, input ?? {})]));
  return {
    ...(methods as NimbusMethods),
    onJobEvent,
    ...(onApprovalEvent ? { onApprovalEvent } : {}),
    ...(onTopologyEvent ? { onTopologyEvent } : {}),
  };
}
