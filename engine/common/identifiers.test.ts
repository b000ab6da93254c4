import { describe, expect, it } from 'vitest';
import {
  COMPONENT_NAME_PATTERN,
  INSTANCE_NAME_PATTERN,
  NAME_MAX_LENGTH,
  STACK_IDENTIFIER_PATTERN,
  STACK_NAME_PATTERN,
  TRIGGER_NAME_PATTERN,
} from './identifiers.js';

describe('identifier rules', () => {
  it('takes stack and instance names of lowercase letters, digits and -, starting with a letter, up to 63', () => {
    for (const name of ['a', 'ha-web', 'web2', 'a'.repeat(NAME_MAX_LENGTH)]) expect(STACK_NAME_PATTERN.test(name), name).toBe(true);
    for (const name of ['', 'Ha', '2web', '-a', 'ha_web', 'ha.web', 'a'.repeat(NAME_MAX_LENGTH + 1), 'ha-web\n'])
      expect(STACK_NAME_PATTERN.test(name), name).toBe(false);
    expect(INSTANCE_NAME_PATTERN.test('shop-web')).toBe(true);
    expect(INSTANCE_NAME_PATTERN.test('shop web')).toBe(false);
  });

  it('asks two characters at least of a component name', () => {
    expect(COMPONENT_NAME_PATTERN.test('vm')).toBe(true);
    expect(COMPONENT_NAME_PATTERN.test('v')).toBe(false);
    expect(COMPONENT_NAME_PATTERN.test('a'.repeat(NAME_MAX_LENGTH))).toBe(true);
    expect(COMPONENT_NAME_PATTERN.test('a'.repeat(NAME_MAX_LENGTH + 1))).toBe(false);
  });

  it('allows _ inside a stack document, but no dot', () => {
    expect(STACK_IDENTIFIER_PATTERN.test('state_3')).toBe(true);
    expect(STACK_IDENTIFIER_PATTERN.test('inspect-web1')).toBe(true);
    expect(STACK_IDENTIFIER_PATTERN.test('_state')).toBe(false);
    expect(STACK_IDENTIFIER_PATTERN.test('deploy.succeeded')).toBe(false);
  });

  it('takes triggers of lowercase words separated by single dots', () => {
    for (const name of ['deploy', 'deploy.succeeded', 'local.vm.removed', 'heal_2.failed-now'])
      expect(TRIGGER_NAME_PATTERN.test(name), name).toBe(true);
    for (const name of ['', '.deploy', 'deploy.', 'deploy..failed', 'Deploy', '1deploy', 'deploy succeeded'])
      expect(TRIGGER_NAME_PATTERN.test(name), name).toBe(false);
  });
});
