/**
 * The dashboard's service views (`GET /_mock/ui`), in the order their sections appear: the
 * browser-side counterpart of `index.ts`. Adding a service's view is its `ui.ts` and one line here.
 */
import { type ServiceView } from '../ui/contract.js';
import { dcsView } from './dcs/ui.js';
import { dwsView } from './dws/ui.js';

export const SERVICE_VIEWS: readonly ServiceView[] = [dcsView, dwsView];
