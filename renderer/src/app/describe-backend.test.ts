import { describe, expect, it } from 'vitest';
import { describeBackend, describeUser } from './describe-backend';

describe('describeBackend', () => {
  it('names the data directory of a local engine and the address of a server', () => {
    expect(describeBackend({ kind: 'local', dataDir: '/home/ann/.nimbus' }, 'http://127.0.0.1:7420')).toBe('Local · /home/ann/.nimbus');
    expect(describeBackend({ kind: 'server', url: 'https://nimbus.example' }, 'http://127.0.0.1:7420')).toBe(
      'Server · https://nimbus.example',
    );
  });

  it('names a server that does not know its address by the page it was loaded from', () => {
    expect(describeBackend({ kind: 'server', url: '' }, 'http://127.0.0.1:7420')).toBe('Server · http://127.0.0.1:7420');
  });

  it('names the user and the tenant', () => {
    expect(describeUser({ user: { name: 'ann' }, tenant: { name: 'acme' } })).toBe('ann @ acme');
  });
});
