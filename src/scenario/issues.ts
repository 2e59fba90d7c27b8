/**
 * Turns TypeBox validation errors into short, path-precise messages:
 * `projects[0].instances[2].cache_mode: expected one of single, ha, …, got "hha"`.
 * Used for scenario files at load time and for every admin-API body.
 */
import { type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';

export interface Issue {
  /** Dotted path inside the document, `projects[0].instances[2].cache_mode`; empty for the root. */
  readonly path: string;
  readonly message: string;
}

export const formatIssue = (issue: Issue): string => (issue.path ? `${issue.path}: ${issue.message}` : issue.message);

/** `/projects/0/instances/2/cache_mode` → `projects[0].instances[2].cache_mode`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '' || pointer === '/') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9][0-9]*)$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export const joinPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

function messageFor(error: ValueError): string {
  const schema = error.schema as TSchema & { expected?: string; pattern?: string };
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return schema.expected ? `is required (${schema.expected})` : 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'unknown key';
  }
  if (schema.expected) return `expected ${schema.expected}, got ${describe(error.value)}`;
  switch (error.type) {
    case ValueErrorType.String:
      return `expected a string, got ${describe(error.value)}`;
    case ValueErrorType.Number:
      return `expected a number, got ${describe(error.value)}`;
    case ValueErrorType.Integer:
      return `expected an integer, got ${describe(error.value)}`;
    case ValueErrorType.Boolean:
      return `expected true or false, got ${describe(error.value)}`;
    case ValueErrorType.Object:
      return `expected an object (a map of keys), got ${describe(error.value)}`;
    case ValueErrorType.Array:
      return `expected a list, got ${describe(error.value)}`;
    case ValueErrorType.ArrayMinItems:
      return `expected at least ${(schema as { minItems?: number }).minItems} item(s)`;
    case ValueErrorType.ArrayMaxItems:
      return `expected at most ${(schema as { maxItems?: number }).maxItems} items`;
    case ValueErrorType.StringMinLength:
      return `expected at least ${(schema as { minLength?: number }).minLength} character(s), got ${describe(error.value)}`;
    case ValueErrorType.StringMaxLength:
      return `expected at most ${(schema as { maxLength?: number }).maxLength} characters`;
    case ValueErrorType.StringPattern:
      return `expected a string matching ${schema.pattern}, got ${describe(error.value)}`;
    default:
      return `${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}, got ${describe(error.value)}`;
  }
}

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/**
 * Every problem of `value` against `schema`, one per path, in document order. `large`: the
 * value is big (thousands of elements), worth compiling the check for (compiling costs tens of
 * milliseconds, which a small document, checked by interpretation, never pays at start-up).
 */
export function schemaIssues(schema: TSchema, value: unknown, limit = 50, large = false): Issue[] {
  // Checking is much faster than listing errors: list them only for a value that fails.
  if (large) {
    let check = compiled.get(schema);
    if (!check) compiled.set(schema, (check = TypeCompiler.Compile(schema)));
    if (check.Check(value)) return [];
  } else if (Value.Check(schema, value)) return [];
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of Value.Errors(schema, value)) {
    const path = pointerToPath(error.path);
    if (seen.has(path)) continue;
    // A problem inside an element already reported as wrong says nothing new.
    if ([...seen].some((p) => p !== '' && (path.startsWith(`${p}.`) || path.startsWith(`${p}[`)))) continue;
    seen.add(path);
    issues.push({ path, message: messageFor(error) });
    if (issues.length >= limit) break;
  }
  return issues;
}
