/** Schema building blocks every service's routes share: nullable values, ids, the gateway's error body. */
import { Type, type ObjectOptions, type TProperties, type TSchema } from '@sinclair/typebox';
import { PROJECT_ID_PATTERN, UUID_PATTERN } from './ids.js';

/** An object whose keys are exactly these (an extra key is a misfit): every wire shape is one. */
export const Closed = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ProjectId = Type.String({ pattern: PROJECT_ID_PATTERN, description: 'Project ID: 32 lowercase hex characters.' });
export const ResourceUuid = Type.String({ pattern: UUID_PATTERN, description: 'Resource ID: lowercase UUID.' });

/** The API gateway's error body. */
export const GatewayErrorBody = Closed(
  { error_code: Type.String(), error_msg: Type.String(), request_id: Type.String() },
  { description: 'API gateway error (APIGW.*).' },
);
