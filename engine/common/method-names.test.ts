import { describe, expect, it } from 'vitest';
import { ipcChannel } from './ipc-channels.js';
import { isMethodName, METHOD_NAMES } from './method-names.js';

describe('method names', () => {
  it('lists each method once', () => {
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
  });

  it('recognises a method name and nothing else, however it came', () => {
    expect(isMethodName('listTopologies')).toBe(true);
    for (const value of ['', 'ListTopologies', 'listTopologies ', 'toString', '__proto__', 42, null, undefined, ['listTopologies']])
      expect(isMethodName(value), String(value)).toBe(false);
  });

  it('gives every method its own IPC channel', () => {
    expect(ipcChannel('getJob')).toBe('nimbus:getJob');
    expect(new Set(METHOD_NAMES.map(ipcChannel)).size).toBe(METHOD_NAMES.length);
  });
});
