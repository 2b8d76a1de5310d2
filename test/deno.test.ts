import { runContractSuite } from './contract/suite';
import { startDeno } from './support/deno-target';

// The same HTTP contract suite, against Roster embedded on Deno (node:sqlite, Deno.serve).
runContractSuite('embedded', () => startDeno(), { label: 'Deno' });
