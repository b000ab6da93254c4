import { describe, expect, it } from 'vitest';
import { contractInputs, contractOutputs } from './contract-inputs';
import { componentReferences, parseReference } from './use-component-contracts';

describe('slot contracts', () => {
  it('lists inputs with required marks and defaults, and outputs', () => {
    const schema = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', description: 'Host name' }, cores: { type: 'integer', default: 1 } },
    };
    expect(contractInputs(schema)).toEqual([
      { name: 'name', type: 'string', required: true, description: 'Host name', defaultText: null },
      { name: 'cores', type: 'integer', required: false, description: '', defaultText: '1' },
    ]);
    expect(contractInputs(null)).toEqual([]);
    expect(contractOutputs({ properties: { ip: {}, id: {} } })).toEqual(['ip', 'id']);
  });

  it('offers every published version of a component, newest first, and parses references', () => {
    expect(
      componentReferences([
        { name: 'vm', latestVersion: 2 },
        { name: 'draft-only', latestVersion: null },
        { name: 'dns', latestVersion: 1 },
      ]),
    ).toEqual(['dns@1', 'vm@2', 'vm@1']);
    expect(parseReference('local-vm@3')).toEqual({ name: 'local-vm', version: 3 });
    expect(parseReference('local-vm')).toBeNull();
  });
});
