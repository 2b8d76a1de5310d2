import { startDistributed } from './support/distributed-target';
import { describeSso } from './sso-suite';

// The same walk through NATS: two gateways and two workers, the provider calls made by the gateway.
describeSso('distributed', (env) => startDistributed({ gateways: 2, workers: 2, env }));
