import { runContractSuite } from './contract/suite';
import { startEmbedded } from './support/embedded-target';

// The same suite on @libsql/client, the driver of libSQL server URLs (and files on request).
runContractSuite('embedded', () => startEmbedded({ ROSTER_SQLITE_DRIVER: 'libsql' }), { label: 'libSQL driver' });
