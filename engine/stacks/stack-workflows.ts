import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OperationStep, StackDocument } from '../api/schemas/stacks.js';
import type { Viewer } from '../components/component-service.js';
import { refreshComponent } from '../deploy/component-saga.js';
import type { DeployContext } from '../deploy/deploy-context.js';
import type { DeployService } from '../deploy/deploy-service.js';
import { deployTopology, destroyTopology } from '../deploy/topology-deployer.js';
import { compileValidator } from '../components/json-schema.js';
import { describeStep } from '../common/step-wording.js';
import { NimbusError } from '../errors.js';
import { compileExpression } from '../expressions/expression.js';
import { JobCancelledError, type JobContext } from '../jobs/job-manager.js';
import type { Activity } from '../lifecycle/stack-machine.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import type { StackConfirmations } from './stack-confirmations.js';
import type { StackService } from './stack-service.js';
import { stackOutputs, stackTopology, stackTopologyName } from './stack-topology.js';

/** What stack workflows use of the engine. */
export interface WorkflowHost {
  store: RepositoryScope;
  stacks: StackService;
  deploy: DeployService;
  viewer: Viewer;
  /** Where a confirm step waits for its confirmation. */
  confirmations: Pick<StackConfirmations, 'wait'>;
}

/** The instance a workflow acts on. */
export interface WorkflowInstance {
  id: string;
  name: string;
  stack: string;
  version: number;
  environment: string;
  params: Record<string, unknown>;
}

/** The kind and title of the job a workflow runs as. */
export function workflowJobLabel(instance: { name: string }, activity: Activity, document: StackDocument): { kind: string; title: string } {
  const operation = document.operations.find((candidate) => candidate.name === activity.workflow);
  return operation
    ? { kind: 'stack.operation', title: `${operation.name} on ${instance.name}` }
    : { kind: `stack.${activity.workflow}`, title: `${capitalize(activity.workflow)} stack ${instance.name}` };
}

/**
 * Does the work of one workflow of a stack instance, inside its job (which holds the environment's
 * deploy lock): the lifecycle workflows (deploy, destroy, upgrade) reuse the topology sagas over the
 * stack's slots; a day-2 operation runs its steps in order. Resolves with the workflow's result,
 * rejects with its error.
 */
export async function runStackWorkflow(
  host: WorkflowHost,
  context: DeployContext,
  jobContext: JobContext,
  instance: WorkflowInstance,
  activity: Activity,
  document: StackDocument,
): Promise<unknown> {
  const operation = document.operations.find((candidate) => candidate.name === activity.workflow);
  switch (activity.workflow) {
    case 'deploy':
      return deployStack(host, context, instance, instance.version);
    case 'upgrade':
      return deployStack(host, context, instance, Number(activity.input.version ?? instance.version), true);
    case 'destroy': {
      const run = await destroyTopology(context, instance.environment, stackTopologyName(instance.name));
      await host.store.stacks.updateInstance(instance.id, { outputs: {} });
      return run;
    }
    default:
      if (!operation) throw new NimbusError('unknown_workflow', `Stack ${instance.stack} has no workflow ${activity.workflow}`, {});
      for (const [index, step] of operation.steps.entries()) {
        const label = `${index + 1}/${operation.steps.length} ${describeStep(step)}`;
        jobContext.emit({ type: 'job.step', step: label, status: 'started' });
        try {
          await runStep(host, context, jobContext, instance, document, step, activity.input);
        } catch (error) {
          jobContext.emit({ type: 'job.step', step: label, status: 'failed' });
          throw error;
        }
        jobContext.emit({ type: 'job.step', step: label, status: 'finished' });
      }
      return { operation: operation.name, steps: operation.steps.length };
  }
}

/** Deploys (or upgrades to `version`) every slot in plan order and records the stack's outputs. */
async function deployStack(
  host: WorkflowHost,
  context: DeployContext,
  instance: WorkflowInstance,
  version: number,
  upgrade = false,
): Promise<unknown> {
  const { document, checked } = await host.stacks.checkedVersion(host.viewer, instance.stack, version);
  const topology = stackTopology(instance, document, checked);
  const run = await deployTopology(
    context,
    { ...(await host.deploy.resolutionInputsFor(instance.environment, topology.document)), late: topology.late },
    topology.name,
    topology.document,
  );
  await recordOutputs(host, context, instance, document, upgrade ? { version } : {});
  return run;
}

/** Writes the stack's outputs, computed from its slots' deployments as they are now. */
async function recordOutputs(
  host: WorkflowHost,
  context: DeployContext,
  instance: WorkflowInstance,
  document: StackDocument,
  also: { version?: number } = {},
): Promise<void> {
  const records = await slotRecords(context, instance);
  const outputs = stackOutputs(document, instance.params, (slot) => records.get(slot)?.outputs);
  await host.store.stacks.updateInstance(instance.id, { outputs, ...also });
}

async function slotRecords(context: DeployContext, instance: WorkflowInstance): Promise<Map<string, DeploymentRecord>> {
  const live = await context.store.deployments.live(instance.environment, stackTopologyName(instance.name));
  return new Map(live.map((record) => [record.nodeId, record]));
}

async function runStep(
  host: WorkflowHost,
  context: DeployContext,
  job: JobContext,
  instance: WorkflowInstance,
  document: StackDocument,
  step: OperationStep,
  input: Record<string, unknown>,
): Promise<void> {
  const slots = (named: string | undefined) => (named ? [named] : document.slots.map((slot) => slot.name));
  switch (step.kind) {
    case 'refresh': {
      const records = await slotRecords(context, instance);
      for (const slot of slots(step.slot)) {
        const record = records.get(slot);
        if (!record?.everDeployed)
          throw new NimbusError('slot_not_deployed', `Slot ${slot} of ${instance.name} is not deployed; there is nothing to refresh`, {
            slot,
          });
        await refreshComponent(context, record);
      }
      return;
    }
    case 'redeploy': {
      const { checked } = await host.stacks.checkedVersion(host.viewer, instance.stack, instance.version);
      if (step.params && Object.keys(step.params).length > 0) {
        const changed = Object.fromEntries(
          Object.entries(step.params).map(([name, source]) => [
            name,
            compileExpression(source).evaluate({ params: instance.params, input }),
          ]),
        );
        const params = { ...instance.params, ...changed };
        const issues = compileValidator(document.parameters)(params);
        if (issues.length > 0)
          throw new NimbusError(
            'invalid_input',
            `The operation would set invalid parameters: ${issues.map((issue) => `${issue.missing ?? issue.path}: ${issue.missing ? 'missing' : issue.message}`).join('; ')}`,
            { issues },
          );
        job.log(
          `Parameters changed: ${Object.entries(changed)
            .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
            .join(', ')}`,
        );
        await host.store.stacks.updateInstance(instance.id, { params });
        instance.params = params;
      }
      const topology = stackTopology(instance, document, checked, { input });
      const inputs = {
        ...(await host.deploy.resolutionInputsFor(instance.environment, topology.document)),
        late: topology.late,
        force: new Set(slots(step.slot)),
      };
      await deployTopology(context, inputs, topology.name, topology.document);
      await recordOutputs(host, context, instance, document);
      return;
    }
    case 'command':
      return runCommand(context, job, instance, step);
    case 'wait':
      return sleep(step.seconds * 1000, context.signal);
    case 'confirm': {
      if (input.confirm === true) {
        job.log(`${step.message} — confirmed with the operation's input`);
        return;
      }
      job.emit({
        type: 'job.log',
        level: 'warn',
        message: `Waiting for confirmation: ${step.message}`,
        confirmation: { state: 'waiting', question: step.message },
      });
      await host.confirmations.wait(instance.id, job.jobId, step.message, context.signal);
      job.emit({ type: 'job.log', level: 'info', message: 'Confirmed', confirmation: { state: 'confirmed', question: step.message } });
    }
  }
}

/** Runs a program (argv, no shell) on this machine, in the slot's directory when a slot is named. */
async function runCommand(
  context: DeployContext,
  job: JobContext,
  instance: WorkflowInstance,
  step: Extract<OperationStep, { kind: 'command' }>,
): Promise<void> {
  let cwd = context.localRoot(instance.environment);
  // The environment's directory exists once something was deployed there; a command may run first.
  if (!step.slot) mkdirSync(cwd, { recursive: true });
  if (step.slot) {
    const record = (await slotRecords(context, instance)).get(step.slot);
    const where = record?.outputs.path;
    if (typeof where !== 'string' || !existsSync(where))
      throw new NimbusError(
        'slot_path_missing',
        `Slot ${step.slot} of ${instance.name} has no directory on this machine to run ${step.command[0]} in`,
        { slot: step.slot },
      );
    cwd = statSync(where).isDirectory() ? where : path.dirname(where);
  }
  const [program, ...args] = step.command;
  await new Promise<void>((resolve, reject) => {
    execFile(
      program!,
      args,
      {
        cwd,
        timeout: (step.timeoutSeconds ?? 300) * 1000,
        signal: context.signal,
        maxBuffer: 4 * 1024 * 1024,
        env: { ...process.env, NIMBUS_INSTANCE: instance.name, NIMBUS_ENVIRONMENT: instance.environment },
      },
      (error, stdout, stderr) => {
        for (const line of `${stdout}`.split('\n').filter(Boolean).slice(-200)) job.log(line);
        for (const line of `${stderr}`.split('\n').filter(Boolean).slice(-200)) job.log(line, 'warn');
        if (!error) return resolve();
        if (context.signal.aborted) return reject(new JobCancelledError());
        const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
        reject(
          new NimbusError(
            'command_failed',
            code === 'ENOENT'
              ? `${program} was not found on this machine`
              : `${step.command.join(' ')} failed: ${error.message.split('\n')[0]}`,
            { command: step.command },
          ),
        );
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new JobCancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new JobCancelledError());
    };
    signal.addEventListener('abort', abort, { once: true });
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
