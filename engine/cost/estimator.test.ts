import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOURS_PER_MONTH, type PricingSnapshot, type UsageFile } from '../api/schemas/cost.js';
import { resourcesDir } from '../paths.js';
import { estimateCost, roundMoney, type CostNode } from './estimator.js';
import { loadBuiltInPricing } from './pricing-source.js';

const pricing: PricingSnapshot = loadBuiltInPricing(path.join(resourcesDir(), 'pricing'));

function node(nodeId: string, component: string, provider: string, semanticType: string | null, values: Record<string, unknown>): CostNode {
  return {
    nodeId,
    label: nodeId,
    component,
    provider,
    semanticType,
    values: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value }])),
  };
}

const awsVm = (values: Record<string, unknown> = {}) =>
  node('web', 'aws-vm@1', 'aws', 'VirtualMachine', { instance_type: 't3.medium', region: 'us-east-1', disk_gb: 20, ...values });
const usage = (nodes: UsageFile['nodes'], components: UsageFile['components'] = {}): UsageFile => ({ version: 1, nodes, components });
const card = { landingZone: 'lab', currency: 'USD', perCore: 5, perGbRam: 2.5, perGbDisk: 0.1 };

describe('estimateCost', () => {
  it('turns an hourly price into a monthly one over 730 hours', () => {
    const estimate = estimateCost({ nodes: [awsVm()], pricing, pricingSource: 'built-in' });
    const [vm] = estimate.nodes;
    expect(vm?.status).toBe('priced');
    const instance = vm!.lines.find((line) => line.name === 'Instance usage')!;
    expect(instance).toMatchObject({
      period: 'hour',
      quantity: 1,
      monthlyQuantity: HOURS_PER_MONTH,
      unitPrice: 0.0416,
      purchaseOption: 'on_demand',
    });
    expect(instance.monthlyCost).toBe(30.37); // 0.0416 × 730 = 30.368
    const disk = vm!.lines.find((line) => line.name === 'Root volume (gp3)')!;
    expect(disk).toMatchObject({ period: 'month', quantity: 20, monthlyQuantity: 20, monthlyCost: 1.6 });
    // No usage file: egress defaults to 0 GB and costs nothing.
    expect(vm!.lines.find((line) => line.name === 'Data transfer out')!.monthlyCost).toBe(0);
    expect(vm!.monthlyCost).toBe(31.97);
    expect(estimate).toMatchObject({ monthlyTotal: 31.97, currency: 'USD', pricingDate: '2026-12-01', pricedCount: 1, unpricedCount: 0 });
  });

  it('prices reserved capacity from the usage file, and refuses an option the product lacks', () => {
    const reserved = estimateCost({
      nodes: [awsVm()],
      pricing,
      pricingSource: 'built-in',
      usage: usage({ web: { purchase_option: 'reserved' } }),
    });
    const line = reserved.nodes[0]!.lines[0]!;
    expect(line).toMatchObject({ purchaseOption: 'reserved', unitPrice: 0.026, monthlyCost: 18.98 });
    const spot = estimateCost({
      nodes: [awsVm({ instance_type: 'm5.large' })],
      pricing,
      pricingSource: 'built-in',
      usage: usage({ web: { purchase_option: 'spot' } }),
    });
    expect(spot.nodes[0]).toMatchObject({ status: 'unpriced', monthlyCost: null });
    expect(spot.nodes[0]!.reason).toContain('no spot price');
  });

  it('takes usage-based quantities from the usage file: node ids win over component names', () => {
    const estimate = estimateCost({
      nodes: [awsVm(), { ...awsVm(), nodeId: 'api', label: 'api' }],
      pricing,
      pricingSource: 'built-in',
      usage: usage({ web: { monthly_egress_gb: 100 } }, { 'aws-vm': { monthly_egress_gb: 10 } }),
    });
    const egress = (id: string) => estimate.nodes.find((n) => n.nodeId === id)!.lines.find((line) => line.name === 'Data transfer out')!;
    expect(egress('web')).toMatchObject({ quantity: 100, monthlyCost: 9 });
    expect(egress('api')).toMatchObject({ quantity: 10, monthlyCost: 0.9 });
    expect(estimate.monthlyTotal).toBe(roundMoney(31.97 + 9 + 31.97 + 0.9));
  });

  it('divides request counts into the unit the price is quoted in', () => {
    const bucket = node('assets', 'aws-bucket@1', 'aws', 'ObjectStorage', { region: 'us-east-1' });
    const estimate = estimateCost({
      nodes: [bucket],
      pricing,
      pricingSource: 'built-in',
      usage: usage({ assets: { storage_gb: 500, monthly_put_requests: 2_000_000 } }),
    });
    const lines = estimate.nodes[0]!.lines;
    expect(lines.map((line) => [line.name, line.quantity, line.monthlyCost])).toEqual([
      ['Standard storage', 500, 11.5],
      ['PUT requests', 2000, 10],
      ['Data transfer out', 0, 0],
    ]);
  });

  it('shows local components as 0 from the local provider', () => {
    const estimate = estimateCost({
      nodes: [node('vm', 'local-vm@1', 'local', 'VirtualMachine', { name: 'x' })],
      pricing,
      pricingSource: 'built-in',
    });
    expect(estimate.nodes[0]).toMatchObject({ status: 'free', monthlyCost: 0, source: 'local provider', reason: null });
    expect(estimate).toMatchObject({ monthlyTotal: 0, pricedCount: 1, unpricedCount: 0 });
  });

  it('prices Proxmox guests from the rate card: cores, GB of RAM from MiB, GB of disk', () => {
    const vm = node('db', 'proxmox-vm@1', 'proxmox', 'VirtualMachine', { cores: 4, memory_mb: 8192, disk_gb: 100 });
    const estimate = estimateCost({ nodes: [vm], pricing, pricingSource: 'built-in', rateCard: card, landingZone: 'lab' });
    expect(estimate.nodes[0]!.lines.map((line) => [line.name, line.quantity, line.unitPrice, line.monthlyCost])).toEqual([
      ['vCPU cores', 4, 5, 20],
      ['Memory', 8, 2.5, 20],
      ['Disk', 100, 0.1, 10],
    ]);
    expect(estimate.nodes[0]).toMatchObject({ monthlyCost: 50, source: 'rate card of landing zone lab' });
  });

  it('says why a node cannot be priced instead of counting it as 0', () => {
    const vm = node('db', 'proxmox-vm@1', 'proxmox', 'VirtualMachine', { cores: 4, memory_mb: 8192, disk_gb: 100 });
    const noCard = estimateCost({ nodes: [vm], pricing, pricingSource: 'built-in', landingZone: 'lab' });
    expect(noCard.nodes[0]).toMatchObject({ status: 'unpriced', monthlyCost: null });
    expect(noCard.nodes[0]!.reason).toBe('landing zone lab has no rate card: set one on the Environments page');
    expect(noCard).toMatchObject({ monthlyTotal: 0, pricedCount: 0, unpricedCount: 1 });

    const euros = estimateCost({
      nodes: [vm],
      pricing,
      pricingSource: 'built-in',
      rateCard: { ...card, currency: 'EUR' },
      landingZone: 'lab',
    });
    expect(euros.nodes[0]!.reason).toContain('is in EUR, estimates are in USD');

    const unknownType = estimateCost({ nodes: [awsVm({ instance_type: 't9.huge' })], pricing, pricingSource: 'built-in' });
    expect(unknownType.nodes[0]!.reason).toBe(
      'no product AmazonEC2 instanceType=t9.huge region=us-east-1 in the pricing snapshot of 2026-12-01',
    );

    const pending = estimateCost({
      nodes: [{ ...awsVm(), values: { ...awsVm().values, disk_gb: { value: null, pending: true } } }],
      pricing,
      pricingSource: 'built-in',
    });
    expect(pending.nodes[0]!.reason).toBe('parameter disk_gb has no value');
    const wired = estimateCost({
      nodes: [{ ...awsVm(), values: { ...awsVm().values, disk_gb: { value: 1, pending: true } } }],
      pricing,
      pricingSource: 'built-in',
    });
    expect(wired.nodes[0]!.reason).toBe('parameter disk_gb is not known until deploy');

    const noProvider = estimateCost({
      nodes: [node('x', 'hetzner-vm@1', 'hetzner', 'VirtualMachine', {})],
      pricing,
      pricingSource: 'built-in',
    });
    expect(noProvider.nodes[0]!.reason).toBe('the pricing snapshot of 2026-12-01 has no prices for provider hetzner');
    const noMapping = estimateCost({ nodes: [node('x', 'aws-dns@1', 'aws', 'DNS', {})], pricing, pricingSource: 'built-in' });
    expect(noMapping.nodes[0]!.reason).toBe('no price for aws-dns (DNS) on aws in the pricing snapshot of 2026-12-01');
  });

  it('gives components with no direct cost 0 with the note why', () => {
    const bridge = node('net', 'proxmox-network@1', 'proxmox', 'VirtualNetwork', { name: 'vmbr1' });
    const estimate = estimateCost({ nodes: [bridge], pricing, pricingSource: 'built-in' });
    expect(estimate.nodes[0]).toMatchObject({ status: 'free', monthlyCost: 0 });
    expect(estimate.nodes[0]!.source).toContain('no direct cost');
  });

  it('rounds every line to the cent and sums the rounded lines', () => {
    const thirds = { ...card, perCore: 1 / 3, perGbRam: 1 / 3, perGbDisk: 1 / 3 };
    const vm = node('a', 'proxmox-lxc@1', 'proxmox', 'Container', { cores: 1, memory_mb: 1024, disk_gb: 1 });
    const estimate = estimateCost({
      nodes: [vm, { ...vm, nodeId: 'b' }, { ...vm, nodeId: 'c' }],
      pricing,
      pricingSource: 'built-in',
      rateCard: thirds,
    });
    expect(estimate.nodes[0]!.lines.map((line) => line.monthlyCost)).toEqual([0.33, 0.33, 0.33]);
    expect(estimate.nodes[0]!.monthlyCost).toBe(0.99);
    expect(estimate.monthlyTotal).toBe(2.97);
    expect(roundMoney(1.005)).toBe(1.01);
    expect(roundMoney(0.1 + 0.2)).toBe(0.3);
    // A memory size that is no whole GB keeps its fraction.
    const half = estimateCost({
      nodes: [node('h', 'proxmox-lxc@1', 'proxmox', 'Container', { cores: 1, memory_mb: 512, disk_gb: 1 })],
      pricing,
      pricingSource: 'built-in',
      rateCard: card,
    });
    expect(half.nodes[0]!.lines[1]).toMatchObject({ quantity: 0.5, monthlyCost: 1.25 });
  });

  it('refuses a parameter that is no number', () => {
    const vm = node('db', 'proxmox-vm@1', 'proxmox', 'VirtualMachine', { cores: 'many', memory_mb: 8192, disk_gb: 100 });
    expect(estimateCost({ nodes: [vm], pricing, pricingSource: 'built-in', rateCard: card }).nodes[0]!.reason).toBe(
      'parameter cores is not a number of zero or more',
    );
  });
});
