import type { ParamSchema, Schema } from 'express-validator';

type JsonSchema = Record<string, unknown>;

function options(value: unknown): Record<string, unknown> {
  const raw = (value as { options?: unknown } | undefined)?.options;
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first && typeof first === 'object' ? (first as Record<string, unknown>) : {};
}

/** The JSON Schema of one field, from the validators it declares. */
function fieldSchema(field: ParamSchema): JsonSchema {
  const schema: JsonSchema = {};
  if (field.isString) schema.type = 'string';
  if (field.isInt) schema.type = 'integer';
  if (field.isFloat) schema.type = 'number';
  if (field.isBoolean) schema.type = 'boolean';
  if (field.isArray) schema.type = 'array';
  if (field.isObject) schema.type = 'object';
  const range = field.isInt ?? field.isFloat;
  if (range) {
    const { min, max } = options(range);
    if (typeof min === 'number') schema.minimum = min;
    if (typeof max === 'number') schema.maximum = max;
  }
  if (field.isLength) {
    const { min, max } = options(field.isLength);
    if (typeof min === 'number') schema.minLength = min;
    if (typeof max === 'number') schema.maxLength = max;
  }
  if (field.isIn) {
    const raw = (field.isIn as { options?: unknown }).options;
    const values = Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw;
    if (Array.isArray(values)) schema.enum = values;
  }
  if (field.isEmail) schema.format = 'email';
  if (field.isISO8601) schema.format = 'date-time';
  return schema;
}

/**
 * The JSON Schema of a method's input, derived from its express-validator schema, so the
 * OpenAPI document describes exactly what the method accepts.
 */
export function inputJsonSchema(input: Schema): {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required?: string[];
} {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(input)) {
    properties[name] = fieldSchema(field);
    if (!field.optional) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}
