import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';
import { seedLocalEnvironment } from './seed-environment.js';

const component = {
  name: 'e2e-box',
  provider: 'local',
  semanticType: 'VirtualMachine',
  content: {
    description: 'A machine with a name from the naming resolver.',
    code: 'export const address = "";\n',
    inputSchema: { type: 'object', required: ['hostname'], properties: { hostname: { type: 'string' } } },
    outputSchema: { type: 'object', properties: { address: { type: 'string' } } },
    resolverBindings: { hostname: { resolver: 'naming' } },
  },
};
const box = (id: string, x: number) => ({ id, label: id, component: 'e2e-box@1', position: { x, y: 0 } });

type Plan = { nodes: { nodeId: string; status: string; issues: { path: string; message: string }[] }[] };

test('sets a governance limit of one instance in the form, and the planner refuses a plan with two', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createComponent', component);
  await callApi(nimbus.url, 'publishComponent', { name: 'e2e-box', changelog: 'First version' });
  await seedLocalEnvironment(nimbus.url, { environment: 'qa', pool: 'gov-pool', cidr: '10.61.0.0/24', landingZone: 'gov-zone' });
  const document = { schemaVersion: 1, nodes: [box('a', 0), box('b', 300)], wires: [] };
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', { name: 'Two boxes', document });

  await page.goto('/#/environments');
  await page.getByTestId('environments-tab-governance').click();
  const panel = page.getByTestId('governance-panel');
  await expect(page.getByTestId('governance-empty')).toBeVisible();
  await expect(panel.getByTestId('governance-limits-none')).toBeVisible();
  await expect(panel.getByTestId('governance-save')).toBeDisabled();

  // A row left half filled is named before anything is sent, and removing it clears the form.
  await panel.getByTestId('governance-add-constraint').click();
  await panel.getByTestId('governance-save').click();
  await expect(panel.getByTestId('governance-error')).toContainText('Constraint 1: choose a component.');
  await panel.getByTestId('governance-constraint-remove').click();

  // The limit, by keyboard where a person would use it: pick the component, type the number, save.
  await panel.getByTestId('governance-add-limit').click();
  await panel.getByTestId('governance-limit-component').selectOption('e2e-box');
  await panel.getByTestId('governance-limit-max').fill('1');
  await expect(panel).toHaveAttribute('data-dirty', 'true');
  const a11y: string[] = [];
  await scanInBothThemes(page, 'governance form', a11y);
  expectNoViolations(a11y);
  await panel.getByTestId('governance-save').click();
  await expect(panel.getByTestId('governance-error')).toHaveCount(0);
  await expect(page.getByTestId('governance-summary')).toBeVisible();
  await expect(panel).toHaveAttribute('data-dirty', 'false');
  const stored = await callApi<{ maxInstances: Record<string, number> }>(nimbus.url, 'getGovernancePolicy', {});
  expect(stored.maxInstances).toEqual({ 'e2e-box': 1 });

  // The same policy as JSON; a malformed one is refused with the engine's words and nothing changes.
  await panel.getByTestId('governance-mode-json').check();
  await expect(panel.getByTestId('governance-text')).toHaveValue(/"e2e-box": 1/);
  await panel.getByTestId('governance-text').fill('{"deny": "e2e-box", "maxInstances": {"e2e-box": 1}}');
  await panel.getByTestId('governance-save').click();
  await expect(panel.getByTestId('governance-error')).toContainText('deny');
  await panel.getByTestId('governance-discard').click();
  await expect(panel.getByTestId('governance-text')).toHaveValue(/"e2e-box": 1/);
  expect((await callApi<{ deny: string[] }>(nimbus.url, 'getGovernancePolicy', {})).deny).toEqual([]);

  // The planner: the plan of two boxes refuses the second, with the rule in its words.
  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('planner-node')).toHaveCount(2);
  await page.getByTestId('toolbar-plan').click();
  await page.getByTestId('plan-environment').selectOption('qa');
  await expect(page.getByTestId('plan-summary')).toHaveAttribute('data-valid', 'false');
  const refused = page.locator('[data-testid="plan-node"][data-label="b"]');
  await expect(refused).toHaveAttribute('data-status', 'invalid');
  await expect(refused.getByTestId('plan-issue')).toContainText('at most 1 e2e-box per topology');
  await expect(page.locator('[data-testid="plan-node"][data-label="a"]')).toHaveAttribute('data-status', 'valid');

  // Removing the limit in the form lets the same plan through.
  await page.goto('/#/environments');
  await page.getByTestId('environments-tab-governance').click();
  await page.getByTestId('governance-mode-form').check();
  await page.getByTestId('governance-limit-remove').click();
  await page.getByTestId('governance-save').click();
  await expect(page.getByTestId('governance-empty')).toBeVisible();
  const after = await callApi<Plan>(nimbus.url, 'planTopology', { document, environment: 'qa' });
  expect(after.nodes.every((node) => node.status === 'valid')).toBe(true);
});
