/** Schemas shared by every route family: ids and the one error-body shape. */
import { Type, type TSchema } from '@sinclair/typebox';
import { PROJECT_ID_PATTERN, UUID_PATTERN } from '../../domain/ids.js';

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ProjectId = Type.String({ pattern: PROJECT_ID_PATTERN, description: 'Project ID: 32 lowercase hex characters.' });
export const ResourceUuid = Type.String({ pattern: UUID_PATTERN, description: 'Resource ID: lowercase UUID.' });

/**
 * Every error body the server writes, whatever its family: DCS current
 * (`error_code`, `error_msg`, `error_ext_msg`), DCS legacy (`error.code`,
 * `error.message`), DWS (`error_code`, `error_msg`) and API gateway
 * (`error_code`, `error_msg`, `request_id`). One object schema keeps serialization fast.
 */
export const ErrorBody = Type.Object(
  {
    error_code: Type.Optional(Type.String()),
    error_msg: Type.Optional(Type.String()),
    error_ext_msg: Type.Optional(Type.Null()),
    request_id: Type.Optional(Type.String()),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { $id: 'ErrorBody', description: 'Error body in the API\'s own format.' },
);

export const errorResponses = { '4xx': ErrorBody, '5xx': ErrorBody } as const;
