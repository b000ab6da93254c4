/**
 * What the JSON view of a contract checks while typing: the shape the engine accepts (an object
 * schema with named properties, JSON Schema 2020-12 keywords). The engine remains the authority; this
 * catches typos such as `"type": "int"` before a save is even tried.
 */

/** Model file names of contracts in the JSON view: `file:///components/<name>/input.contract.json`. */
export const CONTRACT_SCHEMA_FILES = ['*.contract.json'];

const TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'object', 'null'];

const propertySchema = {
  type: 'object',
  properties: {
    type: {
      description: 'The JSON type of the value.',
      anyOf: [{ enum: TYPES }, { type: 'array', items: { enum: TYPES }, uniqueItems: true }],
    },
    description: { type: 'string', description: 'Shown in the catalog, the forms and the editor (as JSDoc).' },
    default: { description: 'Used when neither the user, a wire nor a resolver gives a value.' },
    enum: { type: 'array', minItems: 1, description: 'The only values allowed.' },
    const: {},
    format: {
      type: 'string',
      description: 'A string format checked on plan, e.g. hostname, ipv4, ipv6, cidr, uri, email.',
      examples: ['hostname', 'ipv4', 'ipv6', 'uri', 'email', 'date-time', 'uuid'],
    },
    pattern: { type: 'string', format: 'regex' },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
    exclusiveMinimum: { type: 'number' },
    exclusiveMaximum: { type: 'number' },
    multipleOf: { type: 'number', exclusiveMinimum: 0 },
    minLength: { type: 'integer', minimum: 0 },
    maxLength: { type: 'integer', minimum: 0 },
    minItems: { type: 'integer', minimum: 0 },
    maxItems: { type: 'integer', minimum: 0 },
    uniqueItems: { type: 'boolean' },
    items: { $ref: '#/definitions/property' },
    properties: { type: 'object', additionalProperties: { $ref: '#/definitions/property' } },
    required: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    additionalProperties: { anyOf: [{ type: 'boolean' }, { $ref: '#/definitions/property' }] },
    'x-nimbus-semantic': { type: 'string', description: 'The semantic type this value refers to (for wiring hints).' },
  },
};

export const CONTRACT_META_SCHEMA = {
  type: 'object',
  required: ['type'],
  definitions: { property: propertySchema },
  properties: {
    type: { const: 'object', description: 'A contract is always an object of named properties.' },
    properties: { type: 'object', additionalProperties: { $ref: '#/definitions/property' }, description: 'Each input or output, by name.' },
    required: {
      type: 'array',
      items: { type: 'string' },
      uniqueItems: true,
      description: 'Names of the properties that must have a value.',
    },
    additionalProperties: { anyOf: [{ type: 'boolean' }, { $ref: '#/definitions/property' }] },
    description: { type: 'string' },
    $schema: { type: 'string' },
  },
};
