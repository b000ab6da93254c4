import { callApi } from './api-client.js';
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

test('sets a governance limit of one instance, and a plan with two is refused', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createComponent', component);
  await callApi(nimbus.url, 'publishComponent', { name: 'e2e-box', changelog: 'First version' });
  await seedLocalEnvironment(nimbus.url, { environment: 'qa', pool: 'gov-pool', cidr: '10.61.0.0/24', landingZone: 'gov-zone' });
  const document = { schemaVersion: 1, nodes: [box('a', 0), box('b', 300)], wires: [] };
  const before = await callApi<Plan>(nimbus.url, 'planTopology', { document, environment: 'qa' });
  expect(before.nodes.every((node) => node.status === 'valid')).toBe(true);

  await page.goto('/#/environments');
  await page.getByTestId('environments-tab-governance').click();
  await expect(page.getByTestId('governance-empty')).toBeVisible();
  // A malformed policy is refused with the engine's words, beside the text.
  await page.getByTestId('governance-text').fill('{"deny": "e2e-box"}');
  await page.getByTestId('governance-save').click();
  await expect(page.getByTestId('governance-error')).toContainText('deny');
  await page.getByTestId('governance-text').fill('{"maxInstances": {"e2e-box": 1}}');
  await page.getByTestId('governance-save').click();
  await expect(page.getByTestId('governance-error')).toHaveCount(0);
  await expect(page.getByTestId('governance-text')).toHaveValue(/"e2e-box": 1/);

  const after = await callApi<Plan>(nimbus.url, 'planTopology', { document, environment: 'qa' });
  const refused = after.nodes.find((node) => node.nodeId === 'b');
  expect(refused?.status).toBe('invalid');
  expect(refused?.issues.map((issue) => issue.message)).toContainEqual(expect.stringContaining('at most 1 e2e-box per topology'));
  // Read back after a reload: the policy was stored.
  await page.reload();
  await page.getByTestId('environments-tab-governance').click();
  await expect(page.getByTestId('governance-summary')).toBeVisible();
});
