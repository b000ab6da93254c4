import { describe, expect, it, vi } from 'vitest';
import { deployStackCommand, instancesCommands, runOperationCommand, sendEventCommand, type InstancesCommandContext } from './index';

const context = (patch: Partial<InstancesCommandContext> = {}): InstancesCommandContext => ({
  openDeploy: vi.fn(),
  canRunOperation: false,
  openRunOperation: vi.fn(),
  canSendEvent: false,
  openSendEvent: vi.fn(),
  ...patch,
});

describe('Stack instances commands', () => {
  it('always offers deploying a stack', async () => {
    const ctx = context();
    expect(deployStackCommand.isEnabled(ctx)).toBe(true);
    await deployStackCommand.perform(ctx);
    expect(ctx.openDeploy).toHaveBeenCalledOnce();
  });

  it('offers operations and events only for an open instance that allows them', () => {
    expect(runOperationCommand.isEnabled(context())).toBe(false);
    expect(runOperationCommand.isEnabled(context({ canRunOperation: true }))).toBe(true);
    expect(sendEventCommand.isEnabled(context({ canSendEvent: true }))).toBe(true);
    expect(new Set(instancesCommands.map((command) => command.id)).size).toBe(instancesCommands.length);
  });
});
