import type { z } from 'zod';
import { invalidInput, type FieldError } from '@jh/platform-errors';
import { zodIssuesToFieldErrors } from './validation';

/** `status[$ne]`, `a.b`, `$where`: bracket, dotted and operator names are never parameters here. */
const forbiddenKey = /[$.[\]]/;

interface SchemaDef {
  def: { type: string; innerType?: SchemaDef };
}

/** True when the field (through optional/default/nullable wrappers) is declared as an array. */
function acceptsRepeats(field: unknown): boolean {
  let t = field as SchemaDef | undefined;
  while (t && t.def.innerType && t.def.type !== 'array') t = t.def.innerType;
  return t?.def.type === 'array';
}

/**
 * The one query-string parser of every service: refuses operator/bracket/dotted names, unknown
 * names and a repeated name where one value is expected (400 with the parameter, a code and a
 * Chinese reason), then validates the values with `schema`.
 */
export function parseQuery<S extends z.ZodObject>(schema: S, query: unknown): z.output<S> {
  // A JSON body read as filters (the audit search) may be an array: its entries are no names, and
  // `[]` would otherwise pass as "no filter" (found by the HTTP fuzz).
  if (Array.isArray(query)) {
    throw invalidInput([
      { path: '(body)', code: 'INVALID_TYPE', message: '应为对象（名称与取值）' },
    ]);
  }
  const given = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  const problems: FieldError[] = [];
  const accepted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (forbiddenKey.test(key)) {
      problems.push({
        path: key,
        code: 'FORBIDDEN_KEY',
        message: '查询参数名不能包含 $、点号或方括号',
      });
    } else if (!Object.hasOwn(schema.shape, key)) {
      problems.push({ path: key, code: 'UNKNOWN_FIELD', message: '不支持的查询参数' });
    } else if (Array.isArray(value) && !acceptsRepeats(schema.shape[key])) {
      problems.push({ path: key, code: 'REPEATED_PARAMETER', message: '该查询参数只能出现一次' });
    } else {
      accepted[key] = value;
    }
  }
  // Value errors of the other parameters are reported in the same answer.
  const parsed = schema.safeParse(accepted);
  if (parsed.success && problems.length === 0) return parsed.data;
  const named = new Set(problems.map((p) => p.path));
  const valueErrors = parsed.success ? [] : zodIssuesToFieldErrors(parsed.error);
  throw invalidInput(
    [...problems, ...valueErrors.filter((e) => !named.has(e.path))],
    '查询参数有误，请检查标注的参数',
  );
}
