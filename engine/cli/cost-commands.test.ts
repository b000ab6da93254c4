import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourcesDir } from '../paths.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { captureCli } from './capture-cli.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);

const topology = `kind: Topology
version: 1
name: Priced
nodes:
  - id: db
    label: db
    component: proxmox-vm@1
    position: { x: 0, y: 0 }
    params: { cores: 4, memory_mb: 8192, disk_gb: 100 }
  - id: net
    label: net
    component: proxmox-network@1
    position: { x: 300, y: 0 }
wires: []
`;

describe('nimbus cost, pricing and rate-card', () => {
  it('prices a Proxmox topology from the landing zone rate card, with the snapshot date and currency', async () => {
    expect((await cli('ipam', 'pool', 'create', 'lab', '--cidr', '10.70.0.0/24')).code).toBe(0);
    expect(
      (await cli('landing-zone', 'create', 'pve', '--provider', 'proxmox', '--ipam-pool', 'lab', '--domain', 'lab.example')).code,
    ).toBe(0);
    expect((await cli('env', 'create', 'prod', '--landing-zone', 'pve')).code).toBe(0);
    const file = path.join(temp.dir, 'topology.yaml');
    writeFileSync(file, topology);

    const before = await cli('cost', file, '--env', 'prod');
    expect(before.code).toBe(0);
    expect(before.out).toContain('Cost of Priced in environment prod — USD per month, pricing snapshot of 2026-12-01 (built-in)');
    expect(before.out).toMatch(/db\s+proxmox-vm@1\s+not priced\s+landing zone pve has no rate card/);
    expect(before.out).toContain('Total: 0.00 USD/month (1 priced, 1 not priced: see SOURCE)');

    const negative = await cli('rate-card', 'set', 'pve', '--core=-1', '--ram', '1', '--disk', '1');
    expect(negative.code).not.toBe(0);
    expect(negative.err).toContain('--core must be a number of zero or more, not');
    expect((await cli('rate-card', 'set', 'pve', '--core', '5', '--ram', '2.5', '--disk', '0.1')).out).toContain(
      'Rate card of pve: 5 per core, 2.5 per GB of RAM, 0.1 per GB of disk (USD/month)',
    );
    expect((await cli('rate-card', 'list')).out).toMatch(/pve\s+USD\s+5\s+2\.5\s+0\.1/);

    const after = await cli('cost', file, '--env', 'prod');
    expect(after.out).toMatch(/db\s+proxmox-vm@1\s+50\.00\s+rate card of landing zone pve/);
    expect(after.out).toContain('db: Memory — 8 GB × 2.5 = 20.00');
    expect(after.out).toContain('Total: 50.00 USD/month (2 priced)');
    const json = JSON.parse((await cli('cost', file, '--env', 'prod', '--json')).out) as {
      monthlyTotal: number;
      pricingDate: string;
      nodes: unknown[];
    };
    expect(json).toMatchObject({ monthlyTotal: 50, pricingDate: '2026-12-01', currency: 'USD' });

    // A usage file with a bad entry is refused with the entry's path.
    const usage = path.join(temp.dir, 'usage.yaml');
    writeFileSync(usage, 'version: 1\nnodes:\n  db: { monthly_egress_gb: -5 }\n');
    const refused = await cli('cost', file, '--env', 'prod', '--usage', usage);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('nodes.db.monthly_egress_gb (line 3): must be zero or more');

    // The environment roll-up prices what is deployed: nothing yet.
    expect((await cli('cost', 'env', 'prod')).out).toContain('Nothing to price.');

    expect((await cli('rate-card', 'remove', 'pve')).out).toBe('Removed the rate card of pve\n');
    expect((await cli('cost', file, '--env', 'prod')).out).toContain('no rate card');
  });

  it('imports a newer pricing snapshot, refuses an older or broken one', async () => {
    expect((await cli('pricing', 'show')).out).toContain('Pricing snapshot of 2026-12-01 (built-in), in USD');
    const shipped = JSON.parse(readFileSync(path.join(resourcesDir(), 'pricing', 'pricing-2026-12-01.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const newer = path.join(temp.dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...shipped, date: '2026-12-20', description: 'December update' }));
    expect((await cli('pricing', 'import', newer)).out).toBe(
      `Imported ${newer}: estimates now use the pricing snapshot of 2026-12-20 (USD).\n`,
    );
    expect((await cli('pricing', 'show')).out).toMatch(
      /Pricing snapshot of 2026-12-20 \(imported, imported \S+ by local-user\), in USD\nDecember update/,
    );

    const older = path.join(temp.dir, 'older.json');
    writeFileSync(older, JSON.stringify({ ...shipped, date: '2026-12-10' }));
    const refused = await cli('pricing', 'import', older);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('is dated 2026-12-10, before the one in use (2026-12-20, imported)');

    const broken = path.join(temp.dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...shipped, date: '2026-12-30', providers: { aws: { products: [{ id: 'x' }] } } }));
    const bad = await cli('pricing', 'import', broken);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('providers.aws.products[0].service');
    expect((await cli('pricing', 'show', '--json')).out).toContain('"date": "2026-12-20"');
  });
});
