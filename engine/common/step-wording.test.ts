import { describe, expect, it } from 'vitest';
import { describeStep } from './step-wording.js';

describe('describeStep', () => {
  it('words every kind of step, naming its slot or every slot', () => {
    expect(describeStep({ kind: 'refresh' })).toBe('refresh every slot');
    expect(describeStep({ kind: 'redeploy', slot: 'web1' })).toBe('redeploy web1');
    expect(describeStep({ kind: 'command', command: ['ls', '-1'] })).toBe('run ls -1');
    expect(describeStep({ kind: 'command', slot: 'web1', command: ['systemctl', 'restart', 'nginx'] })).toBe(
      'run systemctl restart nginx in web1',
    );
    expect(describeStep({ kind: 'wait', seconds: 5 })).toBe('wait 5 s');
    expect(describeStep({ kind: 'confirm', message: 'Drain the load balancer?' })).toBe('ask for confirmation: Drain the load balancer?');
  });
});
