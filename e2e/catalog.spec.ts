import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

const WEB_CODE = `import * as pulumi from '@pulumi/pulumi';

const config = new pulumi.Config();
export const address = config.require('ip');
`;

const webVm = {
  name: 'e2e-web-vm',
  provider: 'local',
  semanticType: 'VirtualMachine',
  content: {
    description: 'A small web server for the end-to-end catalog test.',
    code: WEB_CODE,
    inputSchema: {
      type: 'object',
      required: ['hostname', 'ip'],
      properties: {
        hostname: { type: 'string', format: 'hostname', maxLength: 63, description: 'Host name of the machine' },
        ip: { type: 'string', format: 'ipv4' },
        cores: { type: 'integer', default: 2, minimum: 1, maximum: 16 },
      },
    },
    outputSchema: { type: 'object', properties: { address: { type: 'string' } } },
    resolverBindings: { hostname: { resolver: 'naming' }, ip: { resolver: 'ipam' } },
  },
};

const bucket = {
  name: 'e2e-bucket',
  provider: 'aws',
  semanticType: 'ObjectStorage',
  shared: true,
  content: {
    description: 'An S3 bucket every tenant may use.',
    code: 'export const bucket = "e2e";\n',
    inputSchema: { type: 'object', properties: { versioning: { type: 'boolean', default: true } } },
    outputSchema: { type: 'object', properties: { arn: { type: 'string' } } },
  },
};

const card = (page: Page, name: string): Locator => page.locator(`[data-testid="catalog-card"][data-name="${name}"]`);

test('filters the catalog, shows a component with its bindings, publishes it and compares versions', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createComponent', webVm);
  await callApi(nimbus.url, 'createComponent', bucket);

  await page.goto('/');
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('nav-catalog').click();
  await expect(card(page, 'e2e-web-vm')).toBeVisible();
  await expect(card(page, 'e2e-bucket')).toBeVisible();
  await expect(card(page, 'e2e-web-vm').getByTestId('catalog-card-version')).toHaveText('draft');
  await expect(card(page, 'e2e-bucket')).toContainText('Shared');
  await expect(page.locator('[data-testid="catalog-group"][data-category="compute"]')).toContainText('e2e-web-vm');
  await expect(page.locator('[data-testid="catalog-group"][data-category="storage"]')).toContainText('e2e-bucket');

  // Provider narrows the list.
  await page.getByTestId('catalog-provider').selectOption('aws');
  await expect(card(page, 'e2e-web-vm')).toHaveCount(0);
  await expect(card(page, 'e2e-bucket')).toBeVisible();
  await expect(
    page.locator('[data-testid="catalog-card"][data-name]').filter({ has: page.locator('[data-provider]:not([data-provider="aws"])') }),
  ).toHaveCount(0);

  // Semantic type narrows it too; a type no longer offered by the category resets.
  await page.getByTestId('catalog-clear-filters').click();
  await page.getByTestId('catalog-type').selectOption('VirtualMachine');
  await expect(card(page, 'e2e-web-vm')).toBeVisible();
  await expect(card(page, 'e2e-bucket')).toHaveCount(0);
  await page.getByTestId('catalog-category').selectOption('storage');
  await expect(page.getByTestId('catalog-type')).toHaveValue('');
  await expect(card(page, 'e2e-bucket')).toBeVisible();
  await expect(card(page, 'e2e-web-vm')).toHaveCount(0);

  // Text search, and the empty state when nothing matches.
  await page.getByTestId('catalog-clear-filters').click();
  await page.getByTestId('catalog-search').fill('web server');
  await expect(card(page, 'e2e-web-vm')).toBeVisible();
  await expect(card(page, 'e2e-bucket')).toHaveCount(0);
  await page.getByTestId('catalog-search').fill('no-such-component-anywhere');
  await expect(page.getByTestId('catalog-no-match')).toBeVisible();
  await page.getByTestId('catalog-no-match').getByRole('button', { name: 'Clear filters' }).click();
  await expect(card(page, 'e2e-bucket')).toBeVisible();

  // Details: inputs with their resolver bindings.
  await card(page, 'e2e-web-vm').click();
  const detail = page.getByTestId('component-detail');
  await expect(page.getByTestId('component-detail-name')).toHaveText('e2e-web-vm');
  await expect(page.getByTestId('component-description')).toHaveText(webVm.content.description);
  const input = (name: string) => detail.locator(`[data-testid="contract-inputs-row"][data-name="${name}"]`);
  await expect(input('hostname').getByTestId('binding-badge')).toHaveText('← naming');
  await expect(input('ip').getByTestId('binding-badge')).toHaveText('← ipam');
  await expect(input('cores').getByTestId('binding-badge')).toHaveCount(0);
  await expect(input('cores')).toContainText('2');
  await expect(input('cores')).toContainText('≤ 16');
  await expect(input('hostname')).toContainText('Required');
  await expect(detail.locator('[data-testid="contract-outputs-row"][data-name="address"]')).toBeVisible();
  await expect(detail).toContainText('Not published yet');

  // Publish with a changelog; an empty one is refused in the dialog.
  await page.getByTestId('publish-component').click();
  await page.getByTestId('publish-submit').click();
  await expect(page.getByTestId('publish-error')).toContainText('changelog');
  await expect(page.getByTestId('publish-dialog')).toBeVisible();
  await page.getByTestId('publish-changelog').fill('First release: naming and IPAM bindings.');
  await page.getByTestId('publish-submit').click();
  await expect(page.getByTestId('publish-dialog')).toHaveCount(0);
  const version = detail.locator('[data-testid="version-item"][data-version="1"]');
  await expect(version.getByTestId('version-changelog')).toHaveText('First release: naming and IPAM bindings.');
  await expect(version).toContainText('local-user');

  // Change the draft elsewhere; the comparison shows the contract change and the code as +/- lines.
  const current = await callApi<{ draftRevision: number }>(nimbus.url, 'getComponent', { name: 'e2e-web-vm' });
  await callApi(nimbus.url, 'updateComponentDraft', {
    name: 'e2e-web-vm',
    expectedRevision: current.draftRevision,
    content: {
      ...webVm.content,
      code: WEB_CODE.replace("config.require('ip')", "config.require('ip') + '/24'"),
      inputSchema: {
        ...webVm.content.inputSchema,
        properties: { ...webVm.content.inputSchema.properties, disk_gb: { type: 'integer', default: 20 } },
      },
    },
  });
  await page.reload();
  await expect(page.getByTestId('component-detail-name')).toHaveText('e2e-web-vm');
  await expect(page.getByTestId('diff-from')).toHaveValue('1');
  await expect(page.getByTestId('diff-to')).toHaveValue('draft');
  await expect(page.getByTestId('diff-contract-change')).toContainText(['added']);
  await expect(page.getByTestId('diff-contract')).toContainText('disk_gb');
  await expect(page.getByTestId('diff-line-remove')).toContainText(["export const address = config.require('ip');"]);
  await expect(page.getByTestId('diff-line-add')).toContainText(["export const address = config.require('ip') + '/24';"]);

  // Back in the grid, the card shows the published version.
  await page.getByTestId('catalog-back').click();
  await expect(card(page, 'e2e-web-vm').getByTestId('catalog-card-version')).toHaveText('v1');
});

test('shows built-in components read-only', async ({ page }) => {
  await page.goto('/#/catalog');
  await expect(page.getByTestId('catalog-page')).toBeVisible();
  await expect(page.getByTestId('catalog-results').or(page.getByTestId('catalog-empty'))).toBeVisible();
  const builtIn = page.locator('[data-testid="catalog-card"]').filter({ has: page.getByTestId('catalog-card-builtin') });
  // The engine ships built-in components (the local sandbox and Proxmox ones): the catalog must show them.
  await expect(builtIn.first()).toBeVisible();
  const name = await builtIn.first().getAttribute('data-name');
  expect(name, 'a built-in catalog card names its component').toBeTruthy();
  await builtIn.first().click();
  await expect(page.getByTestId('component-detail-name')).toHaveText(name!);
  await expect(page.getByTestId('component-builtin')).toBeVisible();
  await expect(page.getByTestId('publish-component')).toHaveCount(0);
});
