import { describe, expect, it } from 'vitest';
import { arrowDirection, nodeInDirection } from './node-direction';

const box = (id: string, x: number, y: number) => ({ id, x, y, width: 200, height: 100 });
const net = box('net', 0, 0);
const vm = box('vm', 400, 0);
const dns = box('dns', 800, 40);
const disk = box('disk', 0, 300);
const all = [net, vm, dns, disk];

describe('nodeInDirection', () => {
  it('moves to the nearest node that way', () => {
    expect(nodeInDirection(net, all, 'right')?.id).toBe('vm');
    expect(nodeInDirection(vm, all, 'right')?.id).toBe('dns');
    expect(nodeInDirection(vm, all, 'left')?.id).toBe('net');
    expect(nodeInDirection(net, all, 'down')?.id).toBe('disk');
    expect(nodeInDirection(disk, all, 'up')?.id).toBe('net');
  });

  it('returns null when nothing lies that way, and ignores the node itself', () => {
    expect(nodeInDirection(net, all, 'left')).toBeNull();
    expect(nodeInDirection(net, all, 'up')).toBeNull();
    expect(nodeInDirection(dns, all, 'right')).toBeNull();
  });

  it('does not jump to a node that lies more sideways than that way', () => {
    expect(nodeInDirection(vm, all, 'down')).toBeNull();
  });
});

describe('arrowDirection', () => {
  it('maps the arrows and nothing else', () => {
    expect(arrowDirection('ArrowUp')).toBe('up');
    expect(arrowDirection('Enter')).toBeNull();
  });
});
