/**
 * How a day-2 operation's step reads: in the engine's job progress while the operation runs, and in
 * the renderer's confirmation that lists the steps before it runs, in the same words.
 */

/** The fields of an operation step (engine/api/schemas/stacks.ts `OperationStep`) that its wording reads. */
export type WordedStep =
  | { kind: 'refresh'; slot?: string | undefined }
  | { kind: 'redeploy'; slot?: string | undefined }
  | { kind: 'command'; slot?: string | undefined; command: readonly string[] }
  | { kind: 'wait'; seconds: number }
  | { kind: 'confirm'; message: string };

/** One line for a step: `refresh every slot`, `run ls -1 in web1`, `wait 5 s`. */
export function describeStep(step: WordedStep): string {
  switch (step.kind) {
    case 'refresh':
      return `refresh ${step.slot ?? 'every slot'}`;
    case 'redeploy':
      return `redeploy ${step.slot ?? 'every slot'}`;
    case 'command':
      return `run ${step.command.join(' ')}${step.slot ? ` in ${step.slot}` : ''}`;
    case 'wait':
      return `wait ${step.seconds} s`;
    case 'confirm':
      return `ask for confirmation: ${step.message}`;
  }
}
