import { startEmbedded } from './support/embedded-target';
import { describeSso } from './sso-suite';

describeSso('embedded', (env) => startEmbedded(env));
