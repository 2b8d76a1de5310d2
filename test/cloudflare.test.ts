import { runContractSuite } from './contract/suite';
import { startWorkerd } from './support/cloudflare-target';

// The same HTTP contract suite, against the Worker and its Durable Objects on workerd.
runContractSuite('cloudflare', () => startWorkerd());
