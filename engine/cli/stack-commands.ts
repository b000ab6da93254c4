import type { EventLogEntry, StackInstance } from '../api/schemas/stacks.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../engine.js';
import { NimbusError, NotFoundError } from '../errors.js';
import { localEngine } from './backend.js';
import { formatStackFile, parseStackFileWithLines } from '../stacks/stack-file.js';
import { StackIssuesError } from '../stacks/stack-service.js';
import { arg, call, emit, integer, readText, required, str, type Command, type CommandContext } from './command-support.js';
import { table } from './format.js';
import { UsageError } from './usage-error.js';
import { excerpt } from '../text/excerpt.js';

/** `NAME` or `NAME@VERSION`, as component references are written. */
function stackRef(text: string): { name: string; version?: number } {
  const match = /^([^@]+)(?:@(\d+))?$/.exec(text);
  if (!match) throw new UsageError(`${excerpt(text)} is not a stack reference (NAME or NAME@VERSION, e.g. ha-web@2)`);
  return { name: match[1]!, ...(match[2] ? { version: Number(match[2]) } : {}) };
}

/** `--instance` takes an id or ENV/NAME. */
async function instanceOf(context: CommandContext): Promise<StackInstance> {
  const reference = required(context.options, 'instance');
  const slash = reference.indexOf('/');
  const engine = context.backend.engine;
  if (engine)
    return engine.stackRuntime.find(
      slash > 0 ? { environment: reference.slice(0, slash), name: reference.slice(slash + 1) } : { id: reference },
    );
  if (slash <= 0) return (await call(context.backend, 'getStackInstance', { id: reference })).instance;
  const [environment, name] = [reference.slice(0, slash), reference.slice(slash + 1)];
  const found = (await call(context.backend, 'listStackInstances', {})).find((i) => i.environment === environment && i.name === name);
  if (!found) throw new NotFoundError('Stack instance', reference);
  return found;
}

/** Finishes work an earlier run left interrupted (locally; a shared server recovers when it starts). */
async function recoverQuietly(context: CommandContext): Promise<void> {
  await context.backend.engine?.deploy.recover();
}

/** How `follow` watches an instance: the engine's runtime here, or reading it through the API on a server. */
interface InstanceWatch {
  runningJob(id: string): string | null;
  get(id: string): Promise<StackInstance>;
  idle(id: string): Promise<StackInstance>;
}

/**
 * The instance, read every quarter second until its workflow is done (fifteen minutes at most): from
 * the local engine (whose wait also starts again a workflow whose process stopped), or from the server.
 */
function instanceWatch(context: CommandContext, instance: StackInstance): InstanceWatch {
  let job = instance.activity?.jobId ?? null;
  const engine = context.backend.engine;
  const get = async (id: string) => {
    const now = engine ? await engine.stackRuntime.get(id) : (await call(context.backend, 'getStackInstance', { id })).instance;
    job = now.status === 'running' ? (now.activity?.jobId ?? job) : null;
    return now;
  };
  return {
    runningJob: () => job,
    get,
    async idle(id) {
      if (engine) return engine.stackRuntime.idle(id);
      const deadline = Date.now() + 15 * 60_000;
      for (;;) {
        const now = await get(id);
        if (now.status !== 'running') return now;
        if (Date.now() > deadline)
          throw new NimbusError('timeout', `${now.name} is still running ${now.activity?.workflow} after 15 minutes`, {});
        await sleep(500);
      }
    },
  };
}

function jsonOption(context: CommandContext, name: string): Record<string, unknown> | undefined {
  const text = str(context.options, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--${name} must be a JSON object, e.g. --${name} '{"zone":"shop.internal"}'`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`--${name} must be a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Follows an instance until its workflow is done: each state change and the job's log lines are
 * printed as they happen; Ctrl+C cancels the running job (the machine then takes its failure path).
 */
async function follow(context: CommandContext, instance: StackInstance): Promise<number> {
  const runtime = instanceWatch(context, instance);
  const watched = new Set<string>();
  const stopEvents = context.backend.onJobEvent((event) => {
    const current = runtime.runningJob(instance.id);
    if (!current || event.jobId !== current) return;
    watched.add(current);
    if (context.json) return context.io.out(`${JSON.stringify(event)}\n`);
    if (event.type === 'node.status') context.io.out(`  [${event.label}] ${event.status}${event.message ? ` — ${event.message}` : ''}\n`);
    if (event.type === 'job.step') context.io.out(`  step ${event.step}: ${event.status}\n`);
    if (event.type === 'job.log' && event.level !== 'info') context.io.err(`  ${event.level}: ${event.message}\n`);
  });
  let last = `${instance.state}${instance.status === 'running' ? ` (running ${instance.activity?.workflow})` : ''}`;
  if (!context.json) context.io.out(`${instance.name}: ${last}\n`);
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    runtime
      .get(instance.id)
      .then((now) => {
        const line = `${now.state}${now.status === 'running' ? ` (running ${now.activity?.workflow})` : ''}`;
        if (line !== last && !context.json) context.io.out(`${instance.name}: ${line}\n`);
        last = line;
      })
      // A read that fails now is tried again on the next tick; idle() below reports a real failure.
      .catch(() => undefined)
      .finally(() => (reading = false));
  }, 250);
  const stopInterrupt =
    context.io.onInterrupt?.(() => {
      const jobId = runtime.runningJob(instance.id);
      context.io.err('Cancelling… (the workflow stops and the state machine takes its failure path)\n');
      if (jobId) void call(context.backend, 'cancelJob', { id: jobId });
    }) ?? (() => {});
  try {
    const done = await runtime.idle(instance.id);
    if (context.json) context.io.out(`${JSON.stringify({ type: 'summary', instance: done })}\n`);
    else context.io.out(`${done.name}: ${done.state}${done.lastError ? ` — ${done.lastError}` : ''}\n${describeOutputs(done)}`);
    return done.lastError ? 1 : 0;
  } finally {
    clearInterval(timer);
    stopEvents();
    stopInterrupt();
  }
}

function describeOutputs(instance: StackInstance): string {
  const entries = Object.entries(instance.outputs);
  return entries.length
    ? `${table(
        ['OUTPUT', 'VALUE'],
        entries.map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
      )}`
    : '';
}

function describeEvent(entry: EventLogEntry): string {
  const outcome = entry.outcomes.map((o) => o.note).join('; ') || 'no instance concerned';
  return `#${entry.id} ${entry.at} ${entry.type} (${entry.source}) → ${outcome}`;
}

/** Deploy-like commands change real objects: ask first, unless --yes. */
async function confirmed(context: CommandContext, question: string): Promise<boolean> {
  if (context.options.yes === true) return true;
  if (!context.io.confirm)
    throw new NimbusError('confirmation_required', `${question} Nobody can answer here (no terminal): add --yes to go ahead.`, {});
  return context.io.confirm(question);
}

export const STACK_COMMANDS: Command[] = [
  {
    words: ['stack', 'publish'],
    usage: 'nimbus stack publish FILE --changelog TEXT',
    summary: 'Create or update a stack from a YAML/JSON file (kind: Stack) and publish it as the next version',
    options: ['changelog'],
    async run(context) {
      const file = arg(context.args, 0, 'the stack file');
      // Everything is checked before anything is written: a refused publish leaves no draft behind.
      const changelog = required(context.options, 'changelog');
      const { file: stack, lineOf } = parseStackFileWithLines(readText(file), file);
      let version;
      try {
        const engine = localEngine(
          context.backend,
          'stack publish',
          'publish the stack in the app, or save and publish its draft there (the file cannot be checked and published in one step through the API yet)',
        );
        version = await engine.stacks.publishDocument(engine.services.viewer, {
          name: stack.name,
          shared: stack.shared,
          document: stack.document,
          changelog,
        });
      } catch (error) {
        if (!(error instanceof StackIssuesError)) throw error;
        if (!context.json)
          for (const issue of error.issues) {
            const line = lineOf(issue.path);
            context.io.err(`${file}:${line !== undefined ? `${line}:` : ''} ${issue.path}: ${issue.message}\n`);
          }
        throw new NimbusError('invalid_stack', `${stack.name} has ${error.issues.length} problem(s); nothing was saved or published`, {
          issues: error.issues,
        });
      }
      return emit(context, version, () => `Published ${version.stack}@${version.version}\n`);
    },
  },
  {
    words: ['stack', 'list'],
    usage: 'nimbus stack list',
    summary: 'Stacks with their latest version and where forks come from',
    options: [],
    async run(context) {
      const stacks = await call(context.backend, 'listStacks', {});
      return emit(context, stacks, () =>
        stacks.length
          ? table(
              ['STACK', 'LATEST', 'SCOPE', 'FORKED FROM'],
              stacks.map((s) => [
                s.name,
                s.latestVersion ?? 'draft',
                s.tenant ?? 'shared',
                s.forkedFrom ? `${s.forkedFrom.stack}@${s.forkedFrom.version}` : '',
              ]),
            )
          : 'No stacks yet. Publish one with nimbus stack publish FILE --changelog TEXT.\n',
      );
    },
  },
  {
    words: ['stack', 'versions'],
    usage: 'nimbus stack versions NAME',
    summary: 'Published versions of a stack',
    options: [],
    async run(context) {
      const versions = await call(context.backend, 'listStackVersions', { name: arg(context.args, 0, 'the stack name') });
      return emit(context, versions, () =>
        versions.length
          ? table(
              ['VERSION', 'PUBLISHED', 'BY', 'CHANGELOG'],
              versions.map((v) => [v.version, v.publishedAt, v.publishedBy, v.changelog]),
            )
          : 'No published version yet.\n',
      );
    },
  },
  {
    words: ['stack', 'export'],
    usage: 'nimbus stack export NAME[@VERSION] [--format yaml|json]',
    summary: 'Print a published version (or the draft, without @VERSION) as a stack file',
    options: ['format'],
    async run(context) {
      const { name, version } = stackRef(arg(context.args, 0, 'the stack name'));
      const stack = await call(context.backend, 'getStack', { name });
      const document = version !== undefined ? await call(context.backend, 'getStackVersion', { name, version }) : stack.draft;
      const format = str(context.options, 'format') ?? 'yaml';
      if (format !== 'yaml' && format !== 'json') throw new UsageError('--format must be yaml or json');
      context.io.out(formatStackFile({ name, shared: stack.tenant === null, document }, format));
      return 0;
    },
  },
  {
    words: ['stack', 'fork'],
    usage: 'nimbus stack fork NAME[@VERSION] --as NEW',
    summary: 'Copy a published version (the latest by default) into a new, independent stack that remembers its origin',
    options: ['as'],
    async run(context) {
      const { name, version } = stackRef(arg(context.args, 0, 'the stack name'));
      const fork = await call(context.backend, 'forkStack', {
        name,
        as: required(context.options, 'as'),
        ...(version !== undefined ? { version } : {}),
      });
      return emit(
        context,
        fork,
        () => `Forked ${fork.forkedFrom!.stack}@${fork.forkedFrom!.version} as ${fork.name} (a draft; publish it to deploy it)\n`,
      );
    },
  },
  {
    words: ['stack', 'deploy'],
    usage: 'nimbus stack deploy STACK[@VERSION] --env NAME --name INSTANCE [--params JSON] [--yes]',
    summary:
      'Create a stack instance (of the latest version by default) and run its deploy transition, following it to the state it reaches',
    options: ['env', 'name', 'params', 'yes'],
    async run(context) {
      const { name: stack, version } = stackRef(arg(context.args, 0, 'the stack name'));
      const environment = required(context.options, 'env');
      const name = required(context.options, 'name');
      const params = jsonOption(context, 'params');
      await recoverQuietly(context);
      if (!(await confirmed(context, `Deploy ${stack}${version ? `@${version}` : ''} as ${name} to ${environment}?`))) return 1;
      const instance = await call(context.backend, 'deployStack', {
        stack,
        environment,
        name,
        ...(version !== undefined ? { version } : {}),
        ...(params ? { params } : {}),
      });
      return follow(context, instance);
    },
  },
  {
    words: ['stack', 'destroy'],
    usage: 'nimbus stack destroy --instance ID|ENV/NAME [--yes]',
    summary: "Run the instance's destroy transition",
    options: ['instance', 'yes'],
    async run(context) {
      const instance = await instanceOf(context);
      await recoverQuietly(context);
      if (!(await confirmed(context, `Destroy stack instance ${instance.name} in ${instance.environment}?`))) return 1;
      return follow(context, await call(context.backend, 'destroyStackInstance', { id: instance.id }));
    },
  },
  {
    words: ['stack', 'upgrade'],
    usage: 'nimbus stack upgrade --instance ID|ENV/NAME [--to VERSION] [--yes]',
    summary: 'Move an instance to another published version of its stack (the latest by default)',
    options: ['instance', 'to', 'yes'],
    async run(context) {
      const instance = await instanceOf(context);
      const version = integer(str(context.options, 'to'), 'to');
      await recoverQuietly(context);
      if (!(await confirmed(context, `Upgrade ${instance.name} from ${instance.stack}@${instance.version}?`))) return 1;
      return follow(
        context,
        await call(context.backend, 'upgradeStackInstance', { id: instance.id, ...(version !== undefined ? { version } : {}) }),
      );
    },
  },
  {
    words: ['stack', 'op'],
    usage: 'nimbus stack op NAME --instance ID|ENV/NAME [--input JSON] [--yes]',
    summary: 'Run a day-2 operation (only in the states it allows); --yes also answers its confirm steps',
    options: ['instance', 'input', 'yes'],
    async run(context) {
      const operation = arg(context.args, 0, 'the operation name');
      const instance = await instanceOf(context);
      const input = { ...jsonOption(context, 'input'), ...(context.options.yes === true ? { confirm: true } : {}) };
      await recoverQuietly(context);
      return follow(context, await call(context.backend, 'runStackOperation', { id: instance.id, operation, input }));
    },
  },
  {
    words: ['stack', 'status'],
    usage: 'nimbus stack status [--instance ID|ENV/NAME]',
    summary: 'Stack instances with their state, or one instance with its operations and outputs',
    options: ['instance'],
    async run(context) {
      if (str(context.options, 'instance') === undefined) {
        const instances = await call(context.backend, 'listStackInstances', {});
        return emit(context, instances, () =>
          instances.length
            ? table(
                ['ENV', 'INSTANCE', 'STACK', 'STATE', 'STATUS', 'ID'],
                instances.map((i) => [
                  i.environment,
                  i.name,
                  `${i.stack}@${i.version}`,
                  i.state,
                  i.status === 'running' ? `running ${i.activity?.workflow}` : i.status,
                  i.id,
                ]),
              )
            : 'No stack instances yet. Deploy one with nimbus stack deploy STACK --env NAME --name INSTANCE.\n',
        );
      }
      const detail = await call(context.backend, 'getStackInstance', { id: (await instanceOf(context)).id });
      const { instance } = detail;
      return emit(
        context,
        detail,
        () =>
          [
            `${instance.name} (${instance.stack}@${instance.version}) in ${instance.environment}: ${instance.state}${instance.status === 'running' ? `, running ${instance.activity?.workflow}` : ''}`,
            instance.lastError ? `Last error: ${instance.lastError}` : '',
            '',
            table(
              ['OPERATION', 'RUNS IN', 'NOW'],
              detail.operations.map((o) => [o.name, o.requiredStates.join(', '), o.allowed ? 'allowed' : '-']),
            ),
            describeOutputs(instance),
          ]
            .filter((line) => line !== '')
            .join('\n') + '\n',
      );
    },
  },
  {
    words: ['stack', 'history'],
    usage: 'nimbus stack history --instance ID|ENV/NAME',
    summary: 'Every state change of an instance with what caused it',
    options: ['instance'],
    async run(context) {
      const { history } = await call(context.backend, 'getStackInstance', { id: (await instanceOf(context)).id });
      return emit(context, history, () =>
        table(
          ['#', 'AT', 'FROM', 'TO', 'TRIGGER', 'CAUSE'],
          history.map((h) => [h.seq, h.at, h.from ?? '', h.to, h.trigger, h.cause]),
        ),
      );
    },
  },
  {
    words: ['events', 'list'],
    usage: 'nimbus events list [--instance ID|ENV/NAME] [--limit N]',
    summary: 'The event log, newest first, with what each event did',
    options: ['instance', 'limit'],
    async run(context) {
      const limit = integer(str(context.options, 'limit'), 'limit');
      const instanceId = str(context.options, 'instance') !== undefined ? (await instanceOf(context)).id : undefined;
      const events = await call(context.backend, 'listEvents', { ...(instanceId ? { instanceId } : {}), ...(limit ? { limit } : {}) });
      return emit(context, events, () => (events.length ? `${events.map(describeEvent).join('\n')}\n` : 'No events yet.\n'));
    },
  },
  {
    words: ['events', 'emit'],
    usage: 'nimbus events emit TYPE [--instance ID|ENV/NAME] [--payload JSON]',
    summary: 'Send an event through the routing rules and say what it did',
    options: ['instance', 'payload'],
    async run(context) {
      const type = arg(context.args, 0, 'the event type');
      const instanceId = str(context.options, 'instance') !== undefined ? (await instanceOf(context)).id : undefined;
      const payload = jsonOption(context, 'payload');
      const event = { type, ...(instanceId ? { instanceId } : {}), ...(payload ? { payload } : {}) };
      const engine = context.backend.engine;
      // On a server the event goes through the API (the server runs what it starts); here, through
      // the router as the CLI, waiting for what it started before the process exits.
      const entry = engine ? await engine.events.route('cli', event) : await call(context.backend, 'emitEvent', event);
      if (engine) await settleWorkflows(engine);
      return emit(context, entry, () => `${describeEvent(entry)}\n`);
    },
  },
  {
    words: ['events', 'token'],
    usage: 'nimbus events token',
    summary: 'The bearer token for POST /hooks/events on nimbus serve',
    options: [],
    async run(context) {
      const token = await localEngine(
        context.backend,
        'events token',
        "the server's webhook token is for its administrator: run nimbus events token on the server's data directory",
      ).webhookToken();
      return emit(context, { token }, () => `${token}\n`);
    },
  },
];

/** A routed event may have started a workflow in this process: wait for it before the CLI exits. */
async function settleWorkflows(engine: Engine): Promise<void> {
  for (const instance of await engine.stackRuntime.list()) {
    // Only waiting here: a workflow's failure is recorded on its instance and its job, where `stack show` reads it.
    if (instance.status === 'running' && instance.activity) await engine.stackRuntime.idle(instance.id).catch(() => undefined);
  }
}
