/** Schema building blocks every service's routes share: nullable values, ids, the gateway's error body. */
import { Type, type TSchema } from '@sinclair/typebox';
import { PROJECT_ID_PATTERN, UUID_PATTERN } from './ids.js';

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ProjectId = Type.String({ pattern: PROJECT_ID_PATTERN, description: 'Project ID: 32 lowercase hex characters.' });
export const ResourceUuid = Type.String({ pattern: UUID_PATTERN, description: 'Resource ID: lowercase UUID.' });

/** The API gateway's error body. */
export const GatewayErrorBody = Type.Object(
  { error_code: Type.String(), error_msg: Type.String(), request_id: Type.String() },
  { additionalProperties: false, description: 'API gateway error (APIGW.*).' },
);
