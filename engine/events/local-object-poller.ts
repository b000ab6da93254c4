import { createHash } from 'node:crypto';
import { runAsTenantWork } from '../context/tenant-scope.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EventLogEntry } from '../api/schemas/stacks.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import type { Repositories } from '../store/ports/repositories.js';
import { instanceOfTopology } from '../stacks/stack-topology.js';
import { isProcessAlive } from '../system/process-alive.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import type { EventRouter } from './event-router.js';

/** How a watched object looks now. */
type Condition = 'ok' | 'removed' | 'stopped';

/**
 * Watches the real objects of the local provider's deployments (directories, files, processes,
 * zone records) and turns what changed behind Nimbus' back into events: `local.<kind>.removed`,
 * `.stopped`, `.changed`, and `.restored` when it is back. The last seen condition and content
 * fingerprint are stored, so a restart neither repeats nor misses an event; an object found gone or
 * stopped the first time it is looked at is reported too (it was there when it was deployed). Deployments that a job is
 * working on (their environment is locked, or they are not `deployed`) are left alone.
 */
export class LocalObjectPoller {
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<EventLogEntry[]> | null = null;

  constructor(
    private readonly store: Pick<Repositories, 'journal' | 'deployments' | 'stacks'>,
    private readonly router: EventRouter,
    private readonly intervalMs = 5000,
    private readonly logger: Logger = discardLogger,
  ) {}

  start(): void {
    if (this.timer) return;
    // Nobody awaits a timed pass: its failure goes to the log, and the next pass tries again.
    this.timer = setInterval(
      () =>
        void this.poll().catch((error: unknown) =>
          logFailure(this.logger, 'warn', 'Watching the local objects failed', error, { poller: 'local' }),
        ),
      this.intervalMs,
    );
    this.timer.unref();
  }

  /** One pass over every watched object; returns the events it logged. Passes never overlap. */
  poll(): Promise<EventLogEntry[]> {
    this.polling ??= Promise.resolve()
      .then(() => this.pass())
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }

  async dispose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // A pass under way when the engine stops: its failure was logged by whoever started it.
    await this.polling?.catch(() => undefined);
  }

  private async pass(): Promise<EventLogEntry[]> {
    const locked = new Set((await this.store.journal.locks()).map((lock) => lock.environment));
    const logged: EventLogEntry[] = [];
    for (const record of await this.store.deployments.list({})) {
      if (record.provider !== 'local' || !record.everDeployed || record.status !== 'deployed' || locked.has(record.environment)) continue;
      const target = typeof record.outputs.path === 'string' ? record.outputs.path : null;
      if (!target) continue;
      const condition = conditionOf(record, target);
      const fingerprint = condition === 'removed' ? null : fingerprintOf(target);
      const previous = await this.store.stacks.watch(record.id, target);
      // What Nimbus itself deployed since the last look (a heal, a redeploy, an upgrade) is not a change
      // behind its back: it starts a new baseline, as at first sight. Otherwise the object a heal put
      // back would be reported restored a pass after the heal, racing whatever follows it.
      const known = previous && !redeployedSince(record, previous.checkedAt) ? previous : undefined;
      // Written only when something changed: a pass over unchanged objects reads and does not write.
      if (known?.condition === condition && known.fingerprint === fingerprint) continue;
      await this.store.stacks.saveWatch({
        deploymentId: record.id,
        path: target,
        fingerprint,
        condition,
        checkedAt: new Date().toISOString(),
      });
      // First sight is the baseline of the content; but the object was there when it was deployed, so
      // one already gone or stopped is reported, even when that happened before the first look.
      if (!known && condition === 'ok') continue;
      const before = known ?? { condition: 'ok', fingerprint };
      const change =
        before.condition !== condition
          ? condition === 'ok'
            ? 'restored'
            : condition
          : condition === 'ok' && before.fingerprint !== fingerprint
            ? 'changed'
            : null;
      if (!change) continue;
      // Routed in the deployment's tenant: only that tenant's instances hear of its objects.
      logged.push(
        await runAsTenantWork(record.tenant, 'poller', async () =>
          this.router.route('poller', {
            type: `local.${record.component.replace(/^local-/, '')}.${change}`,
            ...(await this.instanceOf(record)),
            payload: {
              deploymentId: record.id,
              slot: record.nodeId,
              label: record.label,
              component: record.component,
              environment: record.environment,
              path: target,
              condition,
            },
          }),
        ),
      );
    }
    return logged;
  }

  private async instanceOf(record: DeploymentRecord): Promise<{ instanceId?: string }> {
    const instance = await instanceOfTopology(this.store, record.environment, record.topology);
    return instance ? { instanceId: instance.id } : {};
  }
}

/**
 * Whether a deploy by Nimbus (this process or another) finished after `checkedAt`, the poller's last
 * look. A deploy holds its environment's lock, which keeps the poller away, so the two never share a moment.
 */
function redeployedSince(record: DeploymentRecord, checkedAt: string): boolean {
  return record.deployedAt !== null && record.deployedAt > checkedAt;
}

function conditionOf(record: DeploymentRecord, target: string): Condition {
  if (!existsSync(target)) return 'removed';
  const fqdn = record.outputs.fqdn;
  if (typeof fqdn === 'string' && statSync(target).isFile() && !readFileSync(target, 'utf8').includes(fqdn)) return 'removed';
  const pid = record.outputs.pid;
  if (typeof pid === 'number' && pid > 0 && !isProcessAlive(pid)) return 'stopped';
  return 'ok';
}

/**
 * What "changed" compares: a file's size and modification time; for a directory, the names and
 * contents of its small JSON files (a machine's spec, a network's definition), not its logs.
 */
function fingerprintOf(target: string): string {
  const hash = createHash('sha256');
  const stat = statSync(target);
  if (!stat.isDirectory()) return hash.update(`${stat.size}:${stat.mtimeMs}`).digest('hex');
  for (const name of readdirSync(target)
    .filter((entry) => entry.endsWith('.json'))
    .sort()) {
    const file = path.join(target, name);
    const size = statSync(file).size;
    hash.update(name).update(size <= 1024 * 1024 ? readFileSync(file) : String(size));
  }
  return hash.digest('hex');
}
