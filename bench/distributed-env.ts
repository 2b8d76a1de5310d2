import { serverEnv } from './process';

/**
 * The settings of the distributed probes (quick-distributed.ts, profile-distributed.ts): the
 * production configuration (reply checking off) with the request and sign-up limits lifted far
 * above the load, so that they measure serving, not refusing.
 */
export const distributedBenchEnv: Record<string, string> = {
  ...serverEnv,
  ROSTER_CHECK_REPLIES: 'false',
  ROSTER_LOG: 'info',
  ROSTER_ACCESS_TOKEN_TTL: '3600',
  ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e8, 60], tenant: [1e8, 60] } }),
  ROSTER_SIGNUPS_PER_ADDRESS: '[100000000,60]',
  ROSTER_SIGNUPS_GLOBAL: '[100000000,60]',
  ROSTER_LOGIN_ADDRESS_RATE: '[100000000,60]',
};
