import { describe, expect, it } from 'vitest';
import { fileNameFor } from './download';

describe('fileNameFor', () => {
  it('makes a plain file name from a topology name', () => {
    expect(fileNameFor('Edge network', 'svg')).toBe('edge-network.svg');
    expect(fileNameFor('  Core / DMZ (v2) ', 'png')).toBe('core-dmz-v2.png');
    expect(fileNameFor('###', 'svg')).toBe('topology.svg');
  });
});
