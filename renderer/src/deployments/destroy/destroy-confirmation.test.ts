import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../api/entities';
import { deployNeedsTypedName, destroyItems, requiresTypedName, typedNameMatches } from './destroy-confirmation';

const deployment = (id: string, label: string, status: Deployment['status'] = 'deployed'): Deployment =>
  ({ id, label, status, semanticType: 'VirtualMachine', component: 'local-vm', version: 2 }) as Deployment;

describe('destroy confirmation', () => {
  it('asks for a typed name only when more than one resource goes, or when it is not known how many', () => {
    expect(requiresTypedName([])).toBe(false);
    expect(requiresTypedName(destroyItems([deployment('1', 'vm')]))).toBe(false);
    expect(requiresTypedName(destroyItems([deployment('1', 'vm'), deployment('2', 'db')]))).toBe(true);
    expect(requiresTypedName(null)).toBe(true);
  });

  it('asks for the name in a deploy that destroys several components no longer in the topology', () => {
    expect(deployNeedsTypedName({ delete: 0 })).toBe(false);
    expect(deployNeedsTypedName({ delete: 1 })).toBe(false);
    expect(deployNeedsTypedName({ delete: 2 })).toBe(true);
  });

  it('matches the name exactly, ignoring spaces around it', () => {
    expect(typedNameMatches('lab', 'lab')).toBe(true);
    expect(typedNameMatches('  lab ', 'lab')).toBe(true);
    expect(typedNameMatches('Lab', 'lab')).toBe(false);
    expect(typedNameMatches('la', 'lab')).toBe(false);
    expect(typedNameMatches('', '')).toBe(true);
  });

  it('lists what goes by name with its type and component, leaving out what is already destroyed', () => {
    expect(destroyItems([deployment('1', 'web'), deployment('2', 'gone', 'destroyed'), deployment('3', 'db')])).toEqual([
      { id: '3', name: 'db', type: 'VirtualMachine', component: 'local-vm@2' },
      { id: '1', name: 'web', type: 'VirtualMachine', component: 'local-vm@2' },
    ]);
  });
});
