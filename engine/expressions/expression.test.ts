import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateExpression, ExpressionError } from './expression.js';

const scope = {
  params: { name: 'Web', replicas: 3, tags: ['a', 'b'] },
  slots: { net: { network_id: 'net-dev', cidr: '10.20.0.0/24' } },
  event: { type: 'local.vm.stopped', payload: { slot: 'web1' } },
};

describe('expressions', () => {
  it('evaluates transforms over parameters and upstream outputs', () => {
    expect(evaluateExpression("lower(params.name) + '-' + string(params.replicas)", scope)).toBe('web-3');
    expect(evaluateExpression('cidrhost(slots.net.cidr, 10)', scope)).toBe('10.20.0.10');
    expect(evaluateExpression('cidrhost(slots.net.cidr, -2)', scope)).toBe('10.20.0.254');
    expect(evaluateExpression("params.replicas > 2 ? 'ha' : 'single'", scope)).toBe('ha');
    expect(evaluateExpression("join(params.tags, ',')", scope)).toBe('a,b');
    expect(evaluateExpression('params.tags.length * 2', scope)).toBe(4);
    expect(evaluateExpression("default(params.missing, 'x')", scope)).toBe('x');
    expect(evaluateExpression("event.payload.slot == 'web1' && startsWith(event.type, 'local.')", scope)).toBe(true);
    expect(evaluateExpression('[1, 2] == [1, 2]', scope)).toBe(true);
  });

  it('reads through a missing property as null rather than failing', () => {
    expect(evaluateExpression('slots.nope.network_id', scope)).toBeNull();
  });

  it('lists the property paths an expression reads', () => {
    expect(compileExpression("concat(slots.net.cidr, '/', params['name'])").references()).toEqual([
      ['slots', 'net', 'cidr'],
      ['params', 'name'],
    ]);
  });

  it('refuses what could reach outside the scope', () => {
    for (const source of [
      'params.constructor',
      "params['__proto__']",
      'this',
      'params.name.toString()',
      'a = 1',
      'a; b',
      'new Date()',
      '`x`',
      'params.name |> lower',
    ]) {
      expect(() => evaluateExpression(source, scope), source).toThrow(ExpressionError);
    }
    expect(() => evaluateExpression("params[concat('__pro', 'to__')]", scope)).toThrow(/reading __proto__/);
  });

  it('names the problem and where it is', () => {
    expect(() => compileExpression('params.name +')).toThrow(/at character/);
    expect(() => compileExpression('eval("1")')).toThrow(/Unknown function eval\(\)/);
    expect(() => evaluateExpression('nope.x', scope)).toThrow(/Unknown name nope.*the names are params, slots, event/);
    expect(() => evaluateExpression('params.name - 1', scope)).toThrow(/- needs numbers, not a string/);
    expect(() => evaluateExpression('params.replicas / 0', scope)).toThrow(/Division by zero/);
    expect(() => evaluateExpression("cidrhost('10.0.0.0/30', 9)", scope)).toThrow(/host 9 is outside 10.0.0.0\/30/);
    expect(() => compileExpression('')).toThrow(/empty/);
    expect(() => compileExpression('1+'.repeat(3000) + '1')).toThrow(/limit is 4000/);
    expect(() => compileExpression('('.repeat(100) + '1' + ')'.repeat(100))).not.toThrow();
    expect(() => compileExpression('-'.repeat(200) + '1')).toThrow(/deeper than 64/);
  });
});
