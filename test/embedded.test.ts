import { runContractSuite } from './contract/suite';
import { startEmbedded } from './support/embedded-target';

runContractSuite('embedded', () => startEmbedded());
