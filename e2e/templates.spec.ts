import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';

type Zone = { name: string; templates: { name: string; mandatoryComponents: string[]; componentDefaults: Record<string, unknown> }[] };

test('creates a template with a mandatory component and a default parameter, and deletes it after a refusal', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createLandingZone', { name: 'home', provider: 'local' });

  await page.goto('/#/environments');
  await page.getByTestId('environments-tab-templates').click();
  await expect(page.getByTestId('templates-empty')).toBeVisible();
  await page.getByTestId('new-template').click();
  await page.getByTestId('template-name').fill('small');
  // Defaults are given per mandatory component, so there is nothing to give before one is picked.
  await expect(page.getByTestId('template-defaults-none')).toBeVisible();
  await page.getByTestId('template-mandatory-input').selectOption(['local-network']);
  const network = page.locator('[data-testid="template-defaults-component"][data-component="local-network"]');
  await network.getByTestId('template-default-add').click();
  // A row left without its parameter is named before anything is sent.
  await network.getByTestId('template-default-value').fill('10.9.0.0/24');
  await page.getByTestId('new-template-submit').click();
  await expect(page.getByTestId('new-template-error')).toContainText('local-network, default 1: name the parameter.');
  // The parameter is offered from the component's inputs.
  await expect(page.locator('#template-parameters-local-network option[value="cidr"]')).toHaveCount(1);
  await network.getByTestId('template-default-parameter').fill('cidr');
  const a11y: string[] = [];
  await scanInBothThemes(page, 'templates: new template dialog', a11y);
  expectNoViolations(a11y);
  await page.getByTestId('new-template-submit').click();
  await expect(page.getByTestId('new-template-dialog')).toHaveCount(0);
  const row = page.locator('[data-testid="template-row"][data-name="small"]');
  await expect(row.getByTestId('template-mandatory')).toHaveText('local-network');
  await expect(row.getByTestId('template-defaults')).toContainText('10.9.0.0/24');
  const [zone] = await callApi<Zone[]>(nimbus.url, 'listLandingZones', {});
  expect(zone?.templates[0]).toMatchObject({
    mandatoryComponents: ['local-network'],
    componentDefaults: { 'local-network': { cidr: '10.9.0.0/24' } },
  });

  // In use by an environment: the delete is refused with the environment named. (An environment made
  // from a template with mandatory components deploys them first, so this one has none.)
  await callApi(nimbus.url, 'createEnvironmentTemplate', { landingZone: 'home', name: 'plain' });
  await callApi(nimbus.url, 'createEnvironment', { name: 'dev', landingZone: 'home', template: 'plain' });
  await page.getByTestId('nav-planner').click();
  await page.getByTestId('nav-environments').click();
  await page.getByTestId('environments-tab-templates').click();
  const plain = page.locator('[data-testid="template-row"][data-name="plain"]');
  await plain.getByTestId('template-delete').click();
  await page.getByTestId('template-remove-submit').click();
  await expect(page.getByTestId('template-remove-error')).toContainText('dev');
  await page.getByTestId('template-remove-cancel').click();
  await callApi(nimbus.url, 'deleteEnvironment', { environment: 'dev' });
  await plain.getByTestId('template-delete').click();
  await page.getByTestId('template-remove-submit').click();
  await expect(plain).toHaveCount(0);
  await row.getByTestId('template-delete').click();
  await page.getByTestId('template-remove-submit').click();
  await expect(page.getByTestId('templates-empty')).toBeVisible();
});
