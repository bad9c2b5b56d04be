// The JSON Schema subset of the services' OpenAPI documents (issue 18, fuzzing) and a small
// validator for it: the generators in schema-arb.ts and schema-invalid.ts are held to it. Pure.
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
  description?: string;
  examples?: unknown[];
}

// ---------------------------------------------------------------------------------------------
// The validator: enough JSON Schema for these documents (no $ref inside request schemas).

const typeOf = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
};

const typeMatches = (wanted: string, v: unknown): boolean => {
  const actual = typeOf(v);
  if (wanted === 'number') return actual === 'number' || actual === 'integer';
  return wanted === actual;
};

export const codePoints = (s: string) => [...s].length;

const FORMATS: Record<string, (s: string) => boolean> = {
  uuid: (s) =>
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s),
  'date-time': (s) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
    !Number.isNaN(Date.parse(s)),
  uri: (s) => {
    try {
      return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) && Boolean(new URL(s));
    } catch {
      return false;
    }
  },
};

/** The first reason `value` does not satisfy `schema`, or undefined when it does. */
export function violation(schema: Schema, value: unknown, at = '$'): string | undefined {
  if (value === null && schema.nullable) return undefined;
  if (schema.allOf) {
    for (const s of schema.allOf) {
      const v = violation(s, value, at);
      if (v) return v;
    }
  }
  if (schema.anyOf && !schema.anyOf.some((s) => !violation(s, value, at)))
    return `${at}: matches no anyOf branch`;
  if (schema.oneOf && schema.oneOf.filter((s) => !violation(s, value, at)).length !== 1)
    return `${at}: matches not exactly one oneOf branch`;
  if (schema.type !== undefined) {
    const types = [schema.type].flat();
    if (!types.some((t) => typeMatches(t, value))) return `${at}: not ${types.join('|')}`;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) return `${at}: not in enum`;
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && codePoints(value) < schema.minLength)
      return `${at}: shorter than ${schema.minLength}`;
    if (schema.maxLength !== undefined && codePoints(value) > schema.maxLength)
      return `${at}: longer than ${schema.maxLength}`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
      return `${at}: does not match ${schema.pattern}`;
    const format = schema.format ? FORMATS[schema.format] : undefined;
    if (format && !format(value)) return `${at}: not a ${schema.format}`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `${at}: not finite`;
    if (schema.minimum !== undefined && value < schema.minimum) return `${at}: below minimum`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${at}: above maximum`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      return `${at}: not above exclusiveMinimum`;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      return `${at}: not below exclusiveMaximum`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      return `${at}: fewer than ${schema.minItems} items`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      return `${at}: more than ${schema.maxItems} items`;
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const v = violation(schema.items, value[i], `${at}[${i}]`);
        if (v) return v;
      }
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (!Object.hasOwn(object, key)) return `${at}: ${key} missing`;
    for (const key of Object.keys(object)) {
      const declared = schema.properties && Object.hasOwn(schema.properties, key);
      const sub = declared
        ? schema.properties![key]!
        : typeof schema.additionalProperties === 'object'
          ? schema.additionalProperties
          : undefined;
      if (!declared && schema.additionalProperties === false)
        return `${at}: unexpected key ${JSON.stringify(key)}`;
      if (schema.propertyNames) {
        const v = violation(schema.propertyNames, key, `${at} key`);
        if (v) return v;
      }
      if (sub) {
        const v = violation(sub, object[key], `${at}.${key}`);
        if (v) return v;
      }
    }
  }
  return undefined;
}

export const conforms = (schema: Schema, value: unknown): boolean => !violation(schema, value);
