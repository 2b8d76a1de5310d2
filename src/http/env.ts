import type { Principal } from '../../actors/core/principal';
import type { Logger } from '../log';

/** What the middleware chain puts on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    log: Logger;
    /** The tenant a request was served for, for the access log. */
    tenantId?: string;
  };
}
