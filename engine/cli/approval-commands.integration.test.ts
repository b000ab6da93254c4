import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { captureCli } from './capture-cli.js';

// `nimbus approvals` on the local data directory: a policy asks the requester to confirm with a
// reason, the deploy waits, the confirmation runs it (real Pulumi CLI, local provider).
useLeakCheck();
let temp: ReturnType<typeof tempDir>;
let file: string;
const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);

beforeAll(() => {
  temp = tempDir('nimbus-cli-approvals-');
  file = path.join(temp.dir, 'disk.yaml');
  writeFileSync(
    file,
    `kind: Topology
version: 1
name: Gated disk
nodes:
  - { id: disk, component: local-storage@1, position: { x: 0, y: 0 }, params: { size_mb: 2 } }
wires: []
`,
  );
});
afterAll(() => temp.remove());

describe('nimbus approvals', () => {
  it(
    'sets a policy, shows the waiting deploy, refuses a confirmation without a reason and runs it with one',
    { timeout: 300_000 },
    async () => {
      expect((await cli('sandbox')).code).toBe(0);
      const none = await cli('approvals', 'list');
      expect(none).toMatchObject({ code: 0, out: 'No pending approval requests.\n' });

      const nOfM = await cli('approvals', 'policy', 'set', '--environment', 'sandbox', '--actions', 'deploy', '--required', '2');
      expect(nOfM.code).toBe(1);
      expect(nOfM.err).toContain('[server_only]');
      const bad = await cli('approvals', 'policy', 'set', '--environment', 'sandbox', '--actions', 'deploy', '--expires', 'soon');
      expect(bad.code).toBe(2);
      const set = await cli('approvals', 'policy', 'set', '--environment', 'sandbox', '--actions', 'deploy', '--expires', '2h');
      expect(set.code, set.err).toBe(0);
      expect(set.out).toContain('the requester confirms again with a reason');
      const shown = JSON.parse((await cli('approvals', 'policy', 'show', '--environment', 'sandbox', '--json')).out) as Record<
        string,
        unknown
      >;
      expect(shown).toMatchObject({ actions: ['deploy'], localConfirmation: true, expiresAfterMinutes: 120 });

      const waiting = await cli('deploy', file, '--env', 'sandbox', '--yes');
      expect(waiting.code).toBe(1);
      expect(waiting.err).toContain('[approval_pending]');
      const [request] = JSON.parse((await cli('approvals', 'list', '--json')).out) as { id: string; status: string }[];
      expect(request).toMatchObject({ status: 'pending' });
      expect(waiting.err).toContain(request!.id);
      const show = await cli('approvals', 'show', request!.id);
      expect(show.out).toContain('Plan hash:');
      expect(show.out).toContain('size_mb = 2');

      const noReason = await cli('approvals', 'approve', request!.id);
      expect(noReason.code).toBe(1);
      expect(noReason.err).toContain('[invalid_input]');
      const approved = await cli('approvals', 'approve', request!.id, '--comment', 'rebuilding the lab');
      expect(approved.code, approved.err).toBe(0);
      expect(approved.out).toContain('Approved.');
      expect(approved.out).toContain('created');
      const decided = JSON.parse((await cli('approvals', 'list', '--status', 'decided', '--json')).out) as {
        decisions: { comment: string }[];
      }[];
      expect(decided).toEqual([
        expect.objectContaining({ status: 'approved', decisions: [expect.objectContaining({ comment: 'rebuilding the lab' })] }),
      ]);

      const again = await cli('approvals', 'approve', request!.id, '--comment', 'twice');
      expect(again.code).toBe(1);
      expect(again.err).toContain('[approval_closed]');
      const removed = await cli('approvals', 'policy', 'delete', '--environment', 'sandbox', '--yes');
      expect(removed.out).toContain('Removed the approval policy of environment sandbox');
      expect((await cli('destroy', file, '--env', 'sandbox', '--yes')).code).toBe(0);
    },
  );
});
