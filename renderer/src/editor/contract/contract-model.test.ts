import { describe, expect, it } from 'vitest';
import {
  addProperty,
  carryRowKey,
  checkPropertyName,
  formatEnumText,
  formatSchemaJson,
  formatValueText,
  moveProperty,
  parseEnumText,
  parseSchemaJson,
  parseValueText,
  propertyType,
  readProperties,
  removeProperty,
  renameProperty,
  rowKeys,
  setDefault,
  setDescription,
  setEnum,
  setPropertyType,
  setRequired,
  type JsonSchema,
} from './contract-model';

const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', format: 'hostname', maxLength: 63, description: 'Host name' },
    cores: { type: 'integer', default: 2, minimum: 1, maximum: 16 },
    os: { type: 'string', enum: ['debian', 'ubuntu'] },
    tags: { type: 'array', items: { type: 'string' } },
    either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  },
};

describe('reading a contract into rows', () => {
  it('lists properties in order with type, required, default, enum and description', () => {
    const rows = readProperties(schema);
    expect(rows.map((row) => row.name)).toEqual(['name', 'cores', 'os', 'tags', 'either']);
    expect(rows[0]).toMatchObject({ type: 'string', required: true, description: 'Host name', hasDefault: false, enumValues: null });
    expect(rows[1]).toMatchObject({ type: 'integer', required: false, hasDefault: true, defaultValue: 2 });
    expect(rows[2]).toMatchObject({ enumValues: ['debian', 'ubuntu'] });
    expect(rows[3]).toMatchObject({ type: 'array', itemsType: 'string' });
    expect(rows[4]).toMatchObject({ type: 'custom' });
  });

  it('calls anything the form cannot show custom', () => {
    expect(propertyType({ type: ['string', 'null'] })).toBe('custom');
    expect(propertyType({ $ref: '#/x' })).toBe('custom');
    expect(propertyType({ type: 'integer' })).toBe('integer');
    expect(propertyType('nope')).toBe('custom');
  });

  it('reads a contract without properties as no rows', () => {
    expect(readProperties({ type: 'object' })).toEqual([]);
  });
});

describe('editing properties', () => {
  it('adds a string property with an unused name', () => {
    const first = addProperty(schema);
    expect(first.name).toBe('input_1');
    expect(propertyType((first.schema['properties'] as JsonSchema)['input_1'])).toBe('string');
    expect(addProperty(first.schema).name).toBe('input_2');
    expect(addProperty(schema, { name: 'cores_max' }).name).toBe('cores_max');
  });

  it('renames in place, keeping position, schema and required', () => {
    const renamed = renameProperty(schema, 'name', 'hostname');
    expect(Object.keys(renamed['properties'] as JsonSchema)).toEqual(['hostname', 'cores', 'os', 'tags', 'either']);
    expect((renamed['properties'] as JsonSchema)['hostname']).toEqual((schema['properties'] as JsonSchema)['name']);
    expect(renamed['required']).toEqual(['hostname']);
    expect(renamed['additionalProperties']).toBe(false);
    expect(schema['required']).toEqual(['name']);
  });

  it('checks names: empty, not an identifier, duplicate', () => {
    expect(checkPropertyName(schema, '')).toBe('Enter a name.');
    expect(checkPropertyName(schema, 'disk-size')).toContain('letters, digits and _');
    expect(checkPropertyName(schema, 'cores')).toContain('already');
    expect(checkPropertyName(schema, 'cores', 'cores')).toBeNull();
    expect(checkPropertyName(schema, 'memory_gb')).toBeNull();
  });

  it('removes a property and drops it from required (and an empty required)', () => {
    const removed = removeProperty(schema, 'name');
    expect(Object.keys(removed['properties'] as JsonSchema)).not.toContain('name');
    expect('required' in removed).toBe(false);
    expect(removeProperty(schema, 'cores')['required']).toEqual(['name']);
  });

  it('moves a property up and down, and not past the ends', () => {
    expect(Object.keys(moveProperty(schema, 'cores', -1)['properties'] as JsonSchema).slice(0, 2)).toEqual(['cores', 'name']);
    expect(moveProperty(schema, 'name', -1)).toBe(schema);
    expect(Object.keys(moveProperty(schema, 'tags', 1)['properties'] as JsonSchema).slice(3)).toEqual(['either', 'tags']);
  });

  it('toggles required, keeping the order of the properties', () => {
    const both = setRequired(schema, 'os', true);
    expect(both['required']).toEqual(['name', 'os']);
    expect(setRequired(setRequired(schema, 'cores', true), 'name', false)['required']).toEqual(['cores']);
    expect('required' in setRequired(schema, 'name', false)).toBe(false);
  });

  it('changes a type, dropping keywords, defaults and enum values that no longer fit', () => {
    const toNumber = setPropertyType(schema, 'cores', 'number');
    expect((toNumber['properties'] as JsonSchema)['cores']).toEqual({ type: 'number', default: 2, minimum: 1, maximum: 16 });
    const toString = setPropertyType(schema, 'cores', 'string');
    expect((toString['properties'] as JsonSchema)['cores']).toEqual({ type: 'string' });
    const nameToInteger = setPropertyType(schema, 'name', 'integer');
    expect((nameToInteger['properties'] as JsonSchema)['name']).toEqual({ type: 'integer', description: 'Host name' });
    const toArray = setPropertyType(schema, 'os', 'array', 'integer');
    expect((toArray['properties'] as JsonSchema)['os']).toEqual({ type: 'array', items: { type: 'integer' } });
    const custom = setPropertyType(schema, 'either', 'boolean');
    expect((custom['properties'] as JsonSchema)['either']).toEqual({ type: 'boolean' });
  });

  it('keeps the items of an array when only its item type is re-selected to the same', () => {
    const withBounds: JsonSchema = {
      type: 'object',
      properties: { tags: { type: 'array', items: { type: 'string', maxLength: 8 }, maxItems: 3 } },
    };
    expect((setPropertyType(withBounds, 'tags', 'array', 'string')['properties'] as JsonSchema)['tags']).toEqual({
      type: 'array',
      items: { type: 'string', maxLength: 8 },
      maxItems: 3,
    });
  });

  it('sets and clears defaults, enums and descriptions', () => {
    const props = (next: JsonSchema) => next['properties'] as Record<string, JsonSchema>;
    expect(props(setDefault(schema, 'cores', 4))['cores']!['default']).toBe(4);
    expect('default' in props(setDefault(schema, 'cores', undefined))['cores']!).toBe(false);
    expect(props(setEnum(schema, 'os', ['alpine']))['os']!['enum']).toEqual(['alpine']);
    expect('enum' in props(setEnum(schema, 'os', []))['os']!).toBe(false);
    expect(props(setDescription(schema, 'cores', 'vCPUs'))['cores']!['description']).toBe('vCPUs');
    expect('description' in props(setDescription(schema, 'name', '  '))['name']!).toBe(false);
  });
});

describe('values typed in the form', () => {
  it('reads numbers, integers, booleans, arrays and objects, and says what it expected', () => {
    expect(parseValueText('4', 'integer')).toEqual({ ok: true, value: 4 });
    expect(parseValueText('4.5', 'integer')).toEqual({ ok: false, message: 'Expected a whole number.' });
    expect(parseValueText('4.5', 'number')).toEqual({ ok: true, value: 4.5 });
    expect(parseValueText('4x', 'number').ok).toBe(false);
    expect(parseValueText('', 'number')).toEqual({ ok: true, value: undefined });
    expect(parseValueText('true', 'boolean')).toEqual({ ok: true, value: true });
    expect(parseValueText('yes', 'boolean').ok).toBe(false);
    expect(parseValueText('["a"]', 'array', 'string')).toEqual({ ok: true, value: ['a'] });
    expect(parseValueText('[1]', 'array', 'string')).toEqual({ ok: false, message: 'Expected an array of text.' });
    expect(parseValueText('{"a":1}', 'object')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseValueText(' spaced ', 'string')).toEqual({ ok: true, value: ' spaced ' });
  });

  it('formats values back to the same text', () => {
    expect(formatValueText('web', 'string')).toBe('web');
    expect(formatValueText(2, 'integer')).toBe('2');
    expect(formatValueText(['a'], 'array')).toBe('["a"]');
    expect(formatValueText(undefined, 'integer')).toBe('');
  });

  it('reads enum lists by type and refuses values of another type', () => {
    expect(parseEnumText('debian, ubuntu, debian', 'string')).toEqual({ ok: true, value: ['debian', 'ubuntu'] });
    expect(parseEnumText('1, 2,4', 'integer')).toEqual({ ok: true, value: [1, 2, 4] });
    expect(parseEnumText('1, two', 'integer')).toEqual({ ok: false, message: '"two": Expected a whole number.' });
    expect(parseEnumText('  ', 'string')).toEqual({ ok: true, value: null });
    expect(parseEnumText('a', 'array').ok).toBe(false);
    expect(formatEnumText(['a', 2])).toBe('a, 2');
  });
});

describe('the JSON view', () => {
  it('round-trips a schema through its text', () => {
    const text = formatSchemaJson(schema);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseSchemaJson(text)).toEqual({ ok: true, schema });
  });

  it('says where a syntax error is', () => {
    const result = parseSchemaJson('{\n  "type": "object",\n  "properties": {\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/^Not valid JSON: /);
      expect(result.line).toBe(4);
    }
  });

  it('refuses shapes the form cannot show', () => {
    expect(parseSchemaJson('[]')).toMatchObject({ ok: false, message: expect.stringContaining('JSON object') });
    expect(parseSchemaJson('{"properties": []}')).toMatchObject({ ok: false, message: expect.stringContaining('"properties"') });
    expect(parseSchemaJson('{"required": [1]}')).toMatchObject({ ok: false, message: expect.stringContaining('"required"') });
  });
});

describe('row keys', () => {
  it("keeps a row's key through renames, character by character", () => {
    let carried = new Map<string, string>();
    let names = ['name', 'cores'];
    expect(rowKeys(names, carried)).toEqual(['name', 'cores']);
    for (const [from, to] of [
      ['cores', 'cores_'],
      ['cores_', 'cores_m'],
      ['cores_m', 'cores_max'],
    ] as const) {
      const key = rowKeys(names, carried)[names.indexOf(from)] as string;
      carried = carryRowKey(carried, from, to, key);
      names = names.map((name) => (name === from ? to : name));
    }
    expect(rowKeys(names, carried)).toEqual(['name', 'cores']);
  });

  it('gives a new row whose name a renamed row started with a key of its own', () => {
    const carried = carryRowKey(new Map(), 'input_1', 'cores', 'input_1');
    const keys = rowKeys(['cores', 'input_1'], carried);
    expect(keys[0]).toBe('input_1');
    expect(new Set(keys).size).toBe(2);
    // …and that key, too, is carried when the new row is renamed.
    const next = carryRowKey(carried, 'input_1', 'memory', keys[1] as string);
    expect(rowKeys(['cores', 'memory'], next)).toEqual(keys);
  });

  it('ignores carried keys of names no longer there (an undone rename)', () => {
    const carried = carryRowKey(new Map(), 'a', 'b', 'a');
    expect(rowKeys(['a', 'c'], carried)).toEqual(['a', 'c']);
  });
});
