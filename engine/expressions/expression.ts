import jsep from 'jsep';
import { NimbusError } from '../errors.js';
import { EXPRESSION_FUNCTIONS } from './functions.js';
import { excerpt } from '../text/excerpt.js';

/**
 * The safe expression language of stacks: slot input transforms, transition guards and event filters.
 * Text is parsed by jsep into an AST and evaluated here by walking it, so there is no `eval`, no
 * `Function`, no access to prototypes or globals: only literals, the names of the given scope, their
 * own properties, operators and the pure functions of `functions.ts`.
 */

/** An expression that failed to parse or to evaluate, with where in its text. */
export class ExpressionError extends NimbusError {
  override name = 'ExpressionError';
  constructor(message: string, details: { expression: string; position?: number }) {
    super('expression_invalid', message, details);
  }
}

/** A value an expression can see or produce: JSON values. */
export type ExpressionValue = string | number | boolean | null | ExpressionValue[] | { [key: string]: ExpressionValue };

/** Names an expression can read, e.g. `{ params, slots }` or `{ event, instance }`. */
export type ExpressionScope = Readonly<Record<string, unknown>>;

/** A parsed expression: evaluate it against a scope, or list the property paths it reads. */
export interface CompiledExpression {
  readonly source: string;
  evaluate(scope: ExpressionScope): ExpressionValue;
  /** Paths of names read with plain property access, e.g. `[['slots', 'net', 'network_id']]`. */
  references(): string[][];
}

const MAX_LENGTH = 4000;
const MAX_DEPTH = 64;
const MAX_STRING = 1_000_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

type Node = jsep.Expression;

/** Parses `source`; a syntax error names its position. Unsupported constructs are refused here, not at run time. */
export function compileExpression(source: string): CompiledExpression {
  if (typeof source !== 'string' || source.trim() === '')
    throw new ExpressionError('The expression is empty', { expression: String(source) });
  if (source.length > MAX_LENGTH)
    throw new ExpressionError(`The expression is ${source.length} characters long; the limit is ${MAX_LENGTH}`, {
      expression: source.slice(0, 80),
    });
  let ast: Node;
  try {
    ast = jsep(source);
  } catch (error) {
    const { description, index } = error as { description?: string; index?: number };
    throw new ExpressionError(`${description ?? (error as Error).message} at character ${(index ?? 0) + 1} of ${excerpt(source)}`, {
      expression: source,
      ...(index !== undefined ? { position: index } : {}),
    });
  }
  check(ast, source, 0);
  return {
    source,
    evaluate: (scope) => evaluate(ast, scope, source),
    references: () => {
      const paths: string[][] = [];
      collectReferences(ast, paths);
      return paths;
    },
  };
}

/** Evaluates `source` once against `scope`. */
export function evaluateExpression(source: string, scope: ExpressionScope): ExpressionValue {
  return compileExpression(source).evaluate(scope);
}

/** Whether the value counts as true in a guard or filter: `true`, a non-zero number, a non-empty string or list. */
export function isTruthy(value: ExpressionValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function check(node: Node, source: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new ExpressionError(`The expression nests deeper than ${MAX_DEPTH} levels`, { expression: source });
  const next = (child: Node | null | undefined): void => {
    if (child) check(child, source, depth + 1);
  };
  switch (node.type) {
    case 'Literal':
    case 'Identifier':
      return;
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      next(member.object);
      if (member.computed) next(member.property);
      else if (FORBIDDEN_KEYS.has((member.property as jsep.Identifier).name))
        refuse(`reading ${(member.property as jsep.Identifier).name}`, source);
      return;
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (!['!', '-', '+'].includes(unary.operator)) refuse(`the operator ${unary.operator}`, source);
      return next(unary.argument);
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      if (!BINARY_OPERATORS.has(binary.operator)) refuse(`the operator ${binary.operator}`, source);
      next(binary.left);
      return next(binary.right);
    }
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression;
      next(conditional.test);
      next(conditional.consequent);
      return next(conditional.alternate);
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      if (call.callee.type !== 'Identifier') refuse('calling anything but a function by name', source);
      const name = (call.callee as jsep.Identifier).name;
      if (!Object.hasOwn(EXPRESSION_FUNCTIONS, name)) {
        throw new ExpressionError(
          `Unknown function ${name}() in ${excerpt(source)}; the functions are ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')}`,
          { expression: source },
        );
      }
      call.arguments.forEach(next);
      return;
    }
    case 'ArrayExpression':
      (node as jsep.ArrayExpression).elements.forEach(next);
      return;
    default:
      refuse(node.type === 'Compound' ? 'several expressions in one' : `a ${node.type}`, source);
  }
}

function refuse(what: string, source: string): never {
  throw new ExpressionError(`Expressions do not allow ${what}: ${excerpt(source)}`, { expression: source });
}

const BINARY_OPERATORS = new Set(['+', '-', '*', '/', '%', '==', '!=', '===', '!==', '<', '>', '<=', '>=', '&&', '||']);

function evaluate(node: Node, scope: ExpressionScope, source: string): ExpressionValue {
  switch (node.type) {
    case 'Literal':
      return (node as jsep.Literal).value as ExpressionValue;
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (!Object.hasOwn(scope, name)) {
        throw new ExpressionError(`Unknown name ${name} in ${excerpt(source)}; the names are ${Object.keys(scope).join(', ') || 'none'}`, {
          expression: source,
        });
      }
      return toValue(scope[name]);
    }
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      const object = evaluate(member.object, scope, source);
      const key = member.computed ? evaluate(member.property, scope, source) : (member.property as jsep.Identifier).name;
      return readProperty(object, key, source);
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      const value = evaluate(unary.argument, scope, source);
      if (unary.operator === '!') return !isTruthy(value);
      const number = numberOf(value, unary.operator, source);
      return unary.operator === '-' ? -number : number;
    }
    case 'BinaryExpression':
      return binary(node as jsep.BinaryExpression, scope, source);
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression;
      return isTruthy(evaluate(conditional.test, scope, source))
        ? evaluate(conditional.consequent, scope, source)
        : evaluate(conditional.alternate, scope, source);
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const name = (call.callee as jsep.Identifier).name;
      const args = call.arguments.map((argument) => evaluate(argument, scope, source));
      try {
        return limit(EXPRESSION_FUNCTIONS[name]!(...args), source);
      } catch (error) {
        if (error instanceof ExpressionError) throw error;
        throw new ExpressionError(`${name}(): ${(error as Error).message} in ${excerpt(source)}`, { expression: source });
      }
    }
    case 'ArrayExpression':
      return (node as jsep.ArrayExpression).elements.map((element) => (element ? evaluate(element, scope, source) : null));
    default:
      return refuse(`a ${node.type}`, source);
  }
}

function binary(node: jsep.BinaryExpression, scope: ExpressionScope, source: string): ExpressionValue {
  const left = evaluate(node.left, scope, source);
  if (node.operator === '&&') return isTruthy(left) ? evaluate(node.right, scope, source) : left;
  if (node.operator === '||') return isTruthy(left) ? left : evaluate(node.right, scope, source);
  const right = evaluate(node.right, scope, source);
  switch (node.operator) {
    case '==':
    case '===':
      return equal(left, right);
    case '!=':
    case '!==':
      return !equal(left, right);
    case '+':
      if (typeof left === 'string' || typeof right === 'string') return limit(`${text(left)}${text(right)}`, source);
      return numberOf(left, '+', source) + numberOf(right, '+', source);
    case '-':
      return numberOf(left, '-', source) - numberOf(right, '-', source);
    case '*':
      return numberOf(left, '*', source) * numberOf(right, '*', source);
    case '/':
    case '%': {
      const divisor = numberOf(right, node.operator, source);
      if (divisor === 0) throw new ExpressionError(`Division by zero in ${excerpt(source)}`, { expression: source });
      const dividend = numberOf(left, node.operator, source);
      return node.operator === '/' ? dividend / divisor : dividend % divisor;
    }
    default: {
      if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) {
        throw new ExpressionError(
          `${node.operator} compares two numbers or two strings, not ${kindOf(left)} and ${kindOf(right)}, in ${excerpt(source)}`,
          { expression: source },
        );
      }
      const l = left as number | string;
      const r = right as number | string;
      return node.operator === '<' ? l < r : node.operator === '>' ? l > r : node.operator === '<=' ? l <= r : l >= r;
    }
  }
}

/** Own properties of objects and arrays (and `length`); reading through null gives null. */
function readProperty(object: ExpressionValue, key: ExpressionValue, source: string): ExpressionValue {
  if (object === null) return null;
  if (typeof key !== 'string' && typeof key !== 'number')
    throw new ExpressionError(`A property name must be a string or a number, not ${kindOf(key)}, in ${excerpt(source)}`, {
      expression: source,
    });
  const name = String(key);
  if (FORBIDDEN_KEYS.has(name)) return refuse(`reading ${name}`, source);
  if (name === 'length' && (typeof object === 'string' || Array.isArray(object))) return object.length;
  if (typeof object !== 'object') return null;
  return Object.hasOwn(object, name) ? ((object as Record<string, ExpressionValue>)[name] ?? null) : null;
}

/** Scope values become JSON values; functions, symbols and class instances are not readable. */
function toValue(value: unknown): ExpressionValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value as ExpressionValue[];
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null))
    return value as { [key: string]: ExpressionValue };
  return null;
}

function equal(left: ExpressionValue, right: ExpressionValue): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  return JSON.stringify(left) === JSON.stringify(right);
}

function numberOf(value: ExpressionValue, operator: string, source: string): number {
  if (typeof value === 'number') return value;
  throw new ExpressionError(`${operator} needs numbers, not ${kindOf(value)}, in ${excerpt(source)}`, { expression: source });
}

function text(value: ExpressionValue): string {
  return typeof value === 'string' ? value : value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function kindOf(value: ExpressionValue): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function limit(value: ExpressionValue, source: string): ExpressionValue {
  if (typeof value === 'string' && value.length > MAX_STRING)
    throw new ExpressionError(`The expression produced a string over ${MAX_STRING} characters: ${excerpt(source)}`, { expression: source });
  return value;
}

function collectReferences(node: Node, paths: string[][]): void {
  const path = memberPath(node);
  if (path) {
    paths.push(path);
    return;
  }
  if (node.type === 'CallExpression') {
    (node as jsep.CallExpression).arguments.forEach((argument) => collectReferences(argument, paths));
    return;
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value))
      value.forEach((child) => child && typeof child === 'object' && 'type' in child && collectReferences(child as Node, paths));
    else if (value && typeof value === 'object' && 'type' in value) collectReferences(value as Node, paths);
  }
}

/** `a.b['c']` as `['a', 'b', 'c']`; null when the chain has a computed, non-literal step. */
function memberPath(node: Node): string[] | null {
  if (node.type === 'Identifier') return [(node as jsep.Identifier).name];
  if (node.type !== 'MemberExpression') return null;
  const member = node as jsep.MemberExpression;
  const base = memberPath(member.object);
  if (!base) return null;
  if (!member.computed) return [...base, (member.property as jsep.Identifier).name];
  if (member.property.type === 'Literal') return [...base, String((member.property as jsep.Literal).value)];
  return null;
}
