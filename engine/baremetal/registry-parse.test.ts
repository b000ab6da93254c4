import { describe, expect, it } from 'vitest';
import { parseRegistryFile } from './registry-parse.js';
import { registryToml } from './test-support.js';

const machine = { id: 'node-1', cores: 16, memoryGb: 64, diskGb: 960, bmc: 'http://127.0.0.1:8000', system: 'abc' };

describe('registry files', () => {
  it('reads a provider file into machines with their hardware, location and BMC', () => {
    const parsed = parseRegistryFile(
      'east.toml',
      registryToml('east', [machine, { ...machine, id: 'node-2', location: 'fra1-r2', usernameEnv: 'BMC_USER' }]),
      'lab',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.machines).toHaveLength(2);
    expect(parsed.machines[0]).toMatchObject({
      id: 'node-1',
      provider: 'east',
      registry: 'lab',
      location: 'fra1',
      cpuCores: 16,
      memoryGb: 64,
      diskGb: 960,
    });
    expect(parsed.machines[0]!.nics[0]).toEqual({ name: 'eno1', mac: '52:54:00:12:34:56', speedGbps: 25 });
    expect(parsed.machines[1]!.bmc).toEqual({
      address: 'http://127.0.0.1:8000',
      system: 'abc',
      usernameEnv: 'BMC_USER',
      passwordEnv: 'BMC_USER_PASSWORD',
    });
    expect(parsed.machines[1]!.location).toBe('fra1-r2');
  });

  it('reports a TOML syntax error with its line and column', () => {
    const parsed = parseRegistryFile('bad.toml', 'provider = "east"\n\n[[machines]]\nid = "x\ncpu_cores = 4\n', 'lab');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ file: 'bad.toml', line: 4 });
    expect(parsed.problems[0]!.message).toMatch(/^TOML syntax:/);
  });

  it('places schema problems on the line of the key, or of the table that lacks it', () => {
    const text = registryToml('east', [machine, { ...machine, id: 'node-2' }])
      .replace('cpu_cores = 16', 'cpu_cores = "many"')
      .replace(/(\[\[machines\]\]\nid = "node-2"\n)memory_gb = 64\n/, '$1')
      .replace('address = "http://127.0.0.1:8000"', 'address = "not a url"');
    const lines = text.split('\n');
    const parsed = parseRegistryFile('east.toml', text, 'lab');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const byMessage = (pattern: RegExp) => parsed.problems.find((p) => pattern.test(p.message));
    const cores = byMessage(/^machines\[0\]\.cpu_cores:/);
    expect(lines[cores!.line - 1]).toContain('cpu_cores = "many"');
    const address = byMessage(/^machines\[0\]\.bmc\.address:/);
    expect(lines[address!.line - 1]).toContain('address = "not a url"');
  });

  it('names a missing field at its table header', () => {
    const text = 'provider = "east"\n\n[[machines]]\nid = "a"\ncpu_cores = 2\n\n[machines.bmc]\naddress = "http://x"\nsystem = "s"\n';
    const parsed = parseRegistryFile('east.toml', text, 'lab');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([{ file: 'east.toml', line: 3, message: expect.stringMatching(/^machines\[0\]\.memory_gb:/) }]);
  });

  it('refuses duplicate machine ids, naming both lines', () => {
    const text = registryToml('east', [machine, machine]);
    const parsed = parseRegistryFile('east.toml', text, 'lab');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const lines = text.split('\n');
    const first = lines.indexOf('id = "node-1"') + 1;
    const second = lines.lastIndexOf('id = "node-1"') + 1;
    expect(parsed.problems).toEqual([{ file: 'east.toml', line: second, message: `duplicate machine id node-1 (first on line ${first})` }]);
  });

  it('refuses unknown keys, a lone credential variable, empty and huge files', () => {
    const unknown = parseRegistryFile('a.toml', registryToml('east', [machine]).replace('cpu_cores', 'cpus = 2\ncpu_cores'), 'lab');
    expect(unknown.ok ? [] : unknown.problems.map((p) => p.message)).toEqual([expect.stringMatching(/machines\[0\].*cpus/)]);
    const lone = parseRegistryFile(
      'a.toml',
      registryToml('east', [machine]).replace('system = "abc"', 'system = "abc"\nusername_env = "U"'),
      'lab',
    );
    expect(lone.ok ? [] : lone.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/username_env and password_env go together/),
    ]);
    const empty = parseRegistryFile('a.toml', '', 'lab');
    expect(empty.ok ? [] : empty.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^provider:/)]);
    const huge = parseRegistryFile('a.toml', `# ${'x'.repeat(1024 * 1024)}`, 'lab');
    expect(huge.ok ? [] : huge.problems).toEqual([{ file: 'a.toml', line: 0, message: 'the file is larger than 1048576 bytes' }]);
  });
});
