import { startWorkerd } from './support/cloudflare-target';
import { describeSso } from './sso-suite';

// The same walk on workerd: the provider calls made by the Worker, the state in the tenant's Durable Object.
describeSso('workerd', (env) => startWorkerd(env));
