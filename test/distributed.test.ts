import { runContractSuite } from './contract/suite';
import { startDistributed } from './support/distributed-target';

// The same HTTP contract suite, against 2 gateways and 3 workers on one nats-server.
runContractSuite('distributed', () => startDistributed({ gateways: 2, workers: 3 }), { label: '2 gateways, 3 workers' });
