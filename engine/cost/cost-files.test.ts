import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../paths.js';
import { CostFileError, parsePricingSnapshot, parseUsageFile } from './cost-files.js';

const shipped = readFileSync(path.join(resourcesDir(), 'pricing', 'pricing-2026-12-01.json'), 'utf8');
const base = () => JSON.parse(shipped) as { date: string; providers: Record<string, { products: Record<string, unknown>[] }> };

function refusal(work: () => unknown): CostFileError {
  try {
    work();
  } catch (error) {
    if (error instanceof CostFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}
const paths = (error: CostFileError) => (error.details.issues as { path: string }[]).map((issue) => issue.path);

describe('pricing snapshot files', () => {
  it('accept the shipped snapshot, and the same in YAML', async () => {
    const snapshot = parsePricingSnapshot(shipped);
    expect(snapshot.date).toBe('2026-12-01');
    expect(Object.keys(snapshot.providers).sort()).toEqual(['aws', 'azure', 'gcp', 'local', 'oci', 'proxmox']);
    const { stringify } = await import('yaml');
    expect(parsePricingSnapshot(stringify(JSON.parse(shipped)))).toEqual(snapshot);
  });

  it('refuse malformed text, empty files and the wrong format', () => {
    expect(refusal(() => parsePricingSnapshot('{"format": ')).message).toMatch(/not valid JSON/);
    expect(refusal(() => parsePricingSnapshot('   ')).message).toContain('the file is empty');
    expect(refusal(() => parsePricingSnapshot('a: [1, 2')).code).toBe('invalid_pricing_file');
    expect(
      paths(refusal(() => parsePricingSnapshot('{"format": "infracost", "date": "2026-13-01", "currency": "usd", "providers": {}}'))),
    ).toEqual(['format', 'date', 'currency']);
  });

  it('name the path of a negative price, a duplicate product and an unknown field', () => {
    const doc = base();
    (doc.providers.aws!.products[1]!.prices as { amount: number }[])[0]!.amount = -0.5;
    doc.providers.aws!.products.push({ ...doc.providers.aws!.products[0]!, attributes: { instanceType: 'x', region: 'y' } });
    doc.providers.gcp!.products[0]!.colour = 'blue';
    const error = refusal(() => parsePricingSnapshot(JSON.stringify(doc), 'new.json'));
    expect(paths(error)).toEqual(
      expect.arrayContaining(['providers.aws.products[1].prices[0].amount', 'providers.aws.products[7].id', 'providers.gcp.products[0]']),
    );
    expect(error.message).toMatch(/^Invalid pricing snapshot new\.json — providers\./);
    const negative = (error.details.issues as { path: string; message: string }[]).find((issue) => issue.path.endsWith('amount'));
    expect(negative?.message).toBe('must be zero or more');
  });

  it('refuse two products a lookup could not tell apart, and a second on-demand price', () => {
    const doc = base();
    doc.providers.aws!.products.push({ ...doc.providers.aws!.products[0]!, id: 'copy' });
    const prices = doc.providers.gcp!.products[0]!.prices as unknown[];
    prices.push(prices[0]);
    const error = refusal(() => parsePricingSnapshot(JSON.stringify(doc)));
    expect(paths(error)).toEqual(['providers.aws.products[7]', 'providers.gcp.products[0].prices[2]']);
  });

  it('name the line of a bad entry in YAML', () => {
    const text = [
      'format: nimbus-pricing/v1',
      'date: 2026-12-02',
      'currency: USD',
      'providers:',
      '  aws:',
      '    products:',
      '      - id: a',
      '        service: S',
      '        family: F',
      '        attributes: {}',
      '        prices: [{ unit: hour, period: hour, amount: -1 }]',
    ].join('\n');
    const error = refusal(() => parsePricingSnapshot(text));
    expect(error.details.issues).toEqual([expect.objectContaining({ path: 'providers.aws.products[0].prices[0].amount', line: 11 })]);
  });

  it('refuse a huge file before parsing it and a deeply nested one', () => {
    const huge = `{"format":"nimbus-pricing/v1","pad":"${'x'.repeat(16 * 1024 * 1024)}"}`;
    expect(refusal(() => parsePricingSnapshot(huge)).message).toContain('larger than 16 MiB');
    const deep = `${'['.repeat(200)}${']'.repeat(200)}`;
    expect(refusal(() => parsePricingSnapshot(deep)).message).toContain('nested more than 64 levels');
  });

  it('accept a large but legitimate snapshot (20,000 products) quickly', () => {
    const doc = base();
    doc.providers.aws!.products = Array.from({ length: 20_000 }, (_, index) => ({
      id: `p${index}`,
      service: 'AmazonEC2',
      family: 'Compute Instance',
      attributes: { instanceType: `t${index}`, region: 'us-east-1' },
      prices: [{ unit: 'hour', period: 'hour', amount: 0.01 }],
    }));
    const started = performance.now();
    expect(parsePricingSnapshot(JSON.stringify(doc)).providers.aws!.products).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('usage files', () => {
  it('accept numbers per node and component and a purchase option', () => {
    const usage = parseUsageFile(
      'version: 1\nnodes:\n  web: { monthly_egress_gb: 100, purchase_option: reserved }\ncomponents:\n  aws-bucket: { storage_gb: 5 }\n',
    );
    expect(usage).toEqual({
      version: 1,
      nodes: { web: { monthly_egress_gb: 100, purchase_option: 'reserved' } },
      components: { 'aws-bucket': { storage_gb: 5 } },
    });
    expect(parseUsageFile('{"version": 1}')).toEqual({ version: 1, nodes: {}, components: {} });
  });

  it('name the path of a negative amount, a word where a number belongs, and a bad option', () => {
    const error = refusal(() =>
      parseUsageFile(
        JSON.stringify({ version: 1, nodes: { web: { monthly_egress_gb: -1, storage_gb: 'lots', purchase_option: 'cheap' } } }),
        'usage.json',
      ),
    );
    expect(error.code).toBe('invalid_usage_file');
    expect(paths(error).sort()).toEqual(['nodes.web.monthly_egress_gb', 'nodes.web.purchase_option', 'nodes.web.storage_gb']);
    expect(refusal(() => parseUsageFile('version: 2')).message).toContain('version');
    expect(refusal(() => parseUsageFile('nodes: {}\nnodes: {}\nversion: 1')).code).toBe('invalid_usage_file');
  });
});
