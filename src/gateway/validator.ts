/**
 * Request validation with TypeBox's own compiler instead of Ajv: the schemas are
 * TypeBox's, the checks are compiled to plain functions, and Ajv never has to load
 * at start-up. Path parameters are strings and are checked as they are; query
 * strings are converted first (`limit=10` → 10), as Fastify's default does.
 */
import { type FastifySchemaCompiler } from 'fastify';
import { type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';

/** Compiled checks by schema object: routes sharing a params schema compile it once (start-up time). */
const compiled = new WeakMap<TSchema, ReturnType<typeof TypeCompiler.Compile>>();

export const typeBoxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  const convert = httpPart === 'querystring' || httpPart === 'headers';
  const checker = check;
  return (input: unknown) => {
    // Convert works in place: give it a copy so the raw strings stay to compare with.
    const value = convert ? Value.Convert(schema, { ...(input as object) }) : input;
    if (convert) {
      const lossy = lossyNumber(input, value);
      if (lossy) return failure(`/${lossy}`, 'Expected a number written exactly');
    }
    // `true` on success (Fastify keeps the value as it is): no allocation on the hot path.
    if (checker.Check(value)) return convert ? { value } : true;
    const first = checker.Errors(value).First();
    return failure(first?.path ?? '', first?.message ?? 'invalid');
  };
};

const failure = (instancePath: string, message: string) => ({
  error: [{ keyword: 'typebox', instancePath, schemaPath: '', params: {}, message }],
});

/** A key whose string became a different number (`1.5` → 1, `1e3` → 1000): refused, not guessed. */
function lossyNumber(input: unknown, value: unknown): string | undefined {
  if (!input || typeof input !== 'object' || !value || typeof value !== 'object') return undefined;
  for (const [key, raw] of Object.entries(input)) {
    const converted = (value as Record<string, unknown>)[key];
    if (typeof raw === 'string' && typeof converted === 'number' && String(converted) !== raw) return key;
  }
  return undefined;
}
