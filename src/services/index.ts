/**
 * The registry: every emulated service, in the order their routes, scenario keys and
 * state appear. Adding a service is one folder and one line here.
 */
import { type AnyService } from '../core/service.js';
import { dcs } from './dcs/index.js';
import { dws } from './dws/index.js';
import { iam } from './iam/index.js';

export const ALL_SERVICES: readonly AnyService[] = [dcs, dws, iam];

export { dcs, dws, iam };
