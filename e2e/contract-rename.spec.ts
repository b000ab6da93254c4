import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

// Renaming an input in the contract form applies as it is typed, and the row stays the same row:
// the name field keeps the focus, and what the other fields hold (applied or still being typed) stays.
// A rename typed in one go is one undo step.

test('renaming an input keeps the focus in its name field and the row’s other fields as they were', async ({ page, nimbus }) => {
  await callApi(nimbus.url, 'createComponent', {
    name: 'rename-vm',
    provider: 'local',
    semanticType: 'VirtualMachine',
    content: {
      description: 'Seeded for the rename test.',
      code: "import * as pulumi from '@pulumi/pulumi';\n\nexport const host = new pulumi.Config().require('hostname');\n",
      inputSchema: {
        type: 'object',
        required: ['hostname', 'cores'],
        properties: { hostname: { type: 'string' }, cores: { type: 'integer', default: 2, description: 'Virtual CPUs' } },
      },
      outputSchema: { type: 'object', properties: {} },
      resolverBindings: { hostname: { resolver: 'naming' } },
    },
  });
  await page.goto('/#/components/rename-vm');
  await expect(page.getByTestId('component-name')).toHaveText('rename-vm');
  await page.getByTestId('component-tab-contract').click();

  // The second row is `cores`; it is found by position, since its name is what changes.
  const row = page.getByTestId('property-row-inputs').nth(1);
  await expect(row).toHaveAttribute('data-name', 'cores');
  const name = row.getByTestId('property-name');
  // Allowed values typed but not valid yet: held in the field, not in the contract.
  await row.getByTestId('property-enum').fill('1, 2, many');
  await expect(row).toContainText('Expected a whole number.');
  await row.getByTestId('property-default').fill('4');
  const field = await name.elementHandle();

  await name.click();
  await page.keyboard.press('End');
  for (const character of '_max') {
    await page.keyboard.type(character);
    await expect(name).toBeFocused();
  }
  await expect(row).toHaveAttribute('data-name', 'cores_max');
  // The very same input element: the row was not mounted again.
  expect(await field?.evaluate((element) => element.isConnected && element === document.activeElement)).toBe(true);
  await expect(name).toHaveValue('cores_max');
  await expect(row.getByTestId('property-default')).toHaveValue('4');
  await expect(row.getByTestId('property-description')).toHaveValue('Virtual CPUs');
  await expect(row.getByTestId('property-enum')).toHaveValue('1, 2, many');
  await expect(row.getByTestId('property-required')).toBeChecked();

  // A name that cannot apply (it clashes) waits in the field, the last one that could stays applied; typing on makes it apply.
  await page.keyboard.press('Control+a');
  await page.keyboard.type('hostname');
  await expect(name).toBeFocused();
  // "h" … "hostnam" applied on the way; "hostname" is taken.
  await expect(row).toHaveAttribute('data-name', 'hostnam');
  await expect(row).toContainText('There is already a property named hostname.');
  await page.keyboard.type('_2');
  await expect(row).toHaveAttribute('data-name', 'hostname_2');
  await expect(name).toBeFocused();

  // Escape takes the rename back to the name the field had when it was focused.
  await page.keyboard.press('Escape');
  await expect(row).toHaveAttribute('data-name', 'cores');
  await expect(name).toHaveValue('cores');
  await expect(name).toBeFocused();

  // Renamed for good: the draft saves the new name with the row's schema.
  await page.keyboard.press('End');
  await page.keyboard.type('_max');
  await row.getByTestId('property-enum').fill('');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');
  const saved = await callApi<{
    draft: { inputSchema: { required: string[]; properties: Record<string, { default?: number; description?: string }> } };
  }>(nimbus.url, 'getComponent', { name: 'rename-vm' });
  expect(Object.keys(saved.draft.inputSchema.properties)).toEqual(['hostname', 'cores_max']);
  expect(saved.draft.inputSchema.properties['cores_max']).toMatchObject({ default: 4, description: 'Virtual CPUs' });
  expect(saved.draft.inputSchema.required).toEqual(['hostname', 'cores_max']);
});

test('a rename typed in one go is one undo step: Ctrl+Z brings the whole old name back, Ctrl+Shift+Z the new one', async ({
  page,
  nimbus,
}) => {
  await callApi(nimbus.url, 'createComponent', {
    name: 'undo-vm',
    provider: 'local',
    semanticType: 'VirtualMachine',
    content: {
      description: 'Seeded for the undo test.',
      code: "import * as pulumi from '@pulumi/pulumi';\n\nexport const host = new pulumi.Config().require('hostname');\n",
      inputSchema: {
        type: 'object',
        required: ['hostname'],
        properties: { hostname: { type: 'string' }, cores: { type: 'integer', default: 2, description: 'Virtual CPUs' } },
      },
      outputSchema: { type: 'object', properties: {} },
      resolverBindings: { hostname: { resolver: 'naming' } },
    },
  });
  await page.goto('/#/components/undo-vm');
  await expect(page.getByTestId('component-name')).toHaveText('undo-vm');
  await page.getByTestId('component-tab-contract').click();
  const row = page.getByTestId('property-row-inputs').nth(1);
  const name = row.getByTestId('property-name');
  const description = row.getByTestId('property-description');
  await expect(row).toHaveAttribute('data-name', 'cores');
  const undoButton = page.getByTestId('component-toolbar').getByRole('button', { name: /^Undo/ });
  await expect(undoButton).toBeDisabled();

  // An edit before the rename, its own step.
  await description.fill('Virtual CPUs, at least one');

  // Typed slowly, a key at a time, then left: one step however long it took.
  await name.click();
  await page.keyboard.press('End');
  for (const character of '_max') {
    await page.keyboard.type(character);
    await page.waitForTimeout(400);
  }
  await expect(row).toHaveAttribute('data-name', 'cores_max');
  await name.blur();
  await expect(name).not.toBeFocused();

  await page.keyboard.press('Control+z');
  await expect(row).toHaveAttribute('data-name', 'cores');
  await expect(row.getByTestId('property-name')).toHaveValue('cores');
  // The edit before the rename is still there: the rename was one step.
  await expect(row.getByTestId('property-description')).toHaveValue('Virtual CPUs, at least one');

  await page.keyboard.press('Control+Shift+z');
  await expect(row).toHaveAttribute('data-name', 'cores_max');
  await expect(row.getByTestId('property-name')).toHaveValue('cores_max');

  // Undo again steps over the whole rename, then the description edit, then there is nothing left.
  await page.keyboard.press('Control+z');
  await expect(row).toHaveAttribute('data-name', 'cores');
  await page.keyboard.press('Control+z');
  await expect(row.getByTestId('property-description')).toHaveValue('Virtual CPUs');
  await expect(undoButton).toBeDisabled();
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');

  // Escape takes a rename back and leaves no step behind.
  await row.getByTestId('property-name').click();
  await page.keyboard.press('End');
  await page.keyboard.type('_z');
  await expect(row).toHaveAttribute('data-name', 'cores_z');
  await page.keyboard.press('Escape');
  await expect(row).toHaveAttribute('data-name', 'cores');
  await expect(undoButton).toBeDisabled();

  // Enter ends a rename's step: what is typed after it is the next one. Ctrl+Z works in the field too.
  await page.keyboard.type('_a');
  await page.keyboard.press('Enter');
  await page.keyboard.type('b');
  await expect(row).toHaveAttribute('data-name', 'cores_ab');
  await page.keyboard.press('Control+z');
  await expect(row).toHaveAttribute('data-name', 'cores_a');
  await page.keyboard.press('Control+z');
  await expect(row).toHaveAttribute('data-name', 'cores');

  // Saved after a redo: the draft on the server has the redone name.
  await page.keyboard.press('Control+Shift+z');
  await expect(row).toHaveAttribute('data-name', 'cores_a');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-indicator')).toHaveAttribute('data-dirty', 'false');
  const saved = await callApi<{ draft: { inputSchema: { properties: Record<string, unknown> } } }>(nimbus.url, 'getComponent', {
    name: 'undo-vm',
  });
  expect(Object.keys(saved.draft.inputSchema.properties)).toEqual(['hostname', 'cores_a']);
});
