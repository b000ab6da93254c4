import { describe, expect, it } from 'vitest';
import { describeFileIssue } from './file-issues';

describe('describeFileIssue', () => {
  it('leads with the line and the node where known', () => {
    expect(describeFileIssue({ path: 'nodes[0].component', node: 'web', line: 4, message: 'unknown component' })).toBe(
      'Line 4 · node web: unknown component',
    );
    expect(describeFileIssue({ path: 'nodes[1].label', line: 9, message: 'Required' })).toBe('Line 9 · nodes[1].label: Required');
    expect(describeFileIssue({ path: '', line: 2, message: 'bad indentation' })).toBe('Line 2: bad indentation');
    expect(describeFileIssue({ path: '', message: 'empty file' })).toBe('empty file');
  });
});
