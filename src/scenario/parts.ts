/** Building blocks shared by the scenario schemas. */
import { Type, type TLiteral, type TUnion } from '@sinclair/typebox';
import { PROJECT_ID_PATTERN, UUID_PATTERN } from '../core/ids.js';

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** A closed set of strings, reported as "one of a, b, c" when a value does not fit. */
export const oneOf = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnion<Literals<T>> =>
  Type.Union(values.map((v) => Type.Literal(v)), { expected: `one of ${values.join(', ')}`, ...options }) as unknown as TUnion<Literals<T>>;

export const ProjectIdSchema = Type.String({ pattern: PROJECT_ID_PATTERN, expected: 'a project id: 32 lowercase hex characters' });
export const UuidSchema = Type.String({ pattern: UUID_PATTERN, expected: 'a lowercase UUID (8-4-4-4-12 hex)' });
