import { afterAll, beforeAll, describe } from 'bun:test';
import type { Target } from './target';
import { accessContract } from './access.contract';
import { apiConventionsContract } from './api-conventions.contract';
import { apiKeysContract } from './api-keys.contract';
import { attendanceContract } from './attendance.contract';
import { authContract } from './auth.contract';
import { checklistsContract } from './checklists.contract';
import { employeesContract } from './employees.contract';
import { envelopeContract, rateLimitHeadersContract, tenantCorsContract } from './envelope.contract';
import { idempotencyContract, idempotentSignUpContract } from './idempotency.contract';
import { isolationContract } from './isolation.contract';
import { ledgerContract } from './ledger.contract';
import { lifecycleContract } from './lifecycle.contract';
import { leaveRulesContract } from './leave-rules.contract';
import { linksContract } from './links.contract';
import { notificationsContract } from './notifications.contract';
import { perimeterContract } from './perimeter.contract';
import { optimisticUpdatesContract, organisationContract } from './organisation.contract';
import { eventCatalogueContract, pushContract, webSocketContract } from './push.contract';
import { recordsContract } from './records.contract';
import { revocationContract } from './revocation.contract';
import { tenantsContract } from './tenants.contract';
import { timeoffContract } from './timeoff.contract';
import { timeoffPoliciesContract } from './timeoff-policies.contract';
import { timeoffRequestsContract } from './timeoff-requests.contract';
import { webhooksContract } from './webhooks.contract';
import { usersContract } from './users.contract';
import { visibilityContract } from './visibility.contract';
import { customFieldsContract } from './custom-fields.contract';
import { compensationContract } from './compensation.contract';
import { selfServiceContract } from './self-service.contract';
import { payrollContract } from './payroll.contract';
import { documentsContract } from './documents.contract';
import { privacyContract } from './privacy.contract';

/**
 * Settings every target runs the suite with: webhooks may go to the test's receivers on
 * loopback, and retry fast (base 100 ms, 4 attempts) so the retry cases take seconds.
 */
/** The access-token key every target signs with, so that a case can sign a token of its own (an expired one, say). */
export const contractJwtKey = { kid: 'contract', secret: 'contract-test-signing-key-0123456789abcdef' };

export const contractEnv: Record<string, string> = {
  ROSTER_JWT_KEYS: `${contractJwtKey.kid}:${contractJwtKey.secret}`,
  ROSTER_WEBHOOKS_ALLOW_PRIVATE: 'true',
  ROSTER_WEBHOOK_RETRY_BASE_MS: '100',
  ROSTER_WEBHOOK_MAX_ATTEMPTS: '4',
  // Load and fault tests push thousands of requests through one principal; the rate-limit
  // tests set their own small limits.
  // Every reply the suite receives is checked against its message's declared schema.
  ROSTER_CHECK_REPLIES: 'true',
  ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1_000_000, 60], tenant: [10_000_000, 60] } }),
  // Every test signs up its own companies from one address; test/security/ checks the defaults.
  ROSTER_SIGNUPS_PER_ADDRESS: '[1000000,60]',
  ROSTER_SIGNUPS_GLOBAL: '[1000000,60]',
  ROSTER_LOGIN_ADDRESS_RATE: '[1000000,60]',
};

/**
 * The HTTP contract suite, written once. Each mode's test file calls `runContractSuite`
 * with a way to start that mode; every case then runs against it over HTTP only.
 */
export interface ContractOptions {
  /** Names the run when one mode runs the suite more than once (another storage driver, say). */
  label?: string;
  /** Cases this mode cannot run, by case name, with the reason shown in the skip. */
  unsupported?: Record<string, string>;
}

export type ContractCase = (target: () => Target, options: ContractOptions) => void;

export const contracts: ContractCase[] = [
  envelopeContract,
  apiConventionsContract,
  rateLimitHeadersContract,
  tenantCorsContract,
  tenantsContract,
  authContract,
  perimeterContract,
  usersContract,
  employeesContract,
  organisationContract,
  optimisticUpdatesContract,
  lifecycleContract,
  visibilityContract,
  recordsContract,
  apiKeysContract,
  isolationContract,
  idempotencyContract,
  idempotentSignUpContract,
  pushContract,
  eventCatalogueContract,
  webSocketContract,
  revocationContract,
  notificationsContract,
  webhooksContract,
  timeoffContract,
  timeoffPoliciesContract,
  ledgerContract,
  timeoffRequestsContract,
  leaveRulesContract,
  linksContract,
  attendanceContract,
  accessContract,
  customFieldsContract,
  compensationContract,
  selfServiceContract,
  payrollContract,
  checklistsContract,
  documentsContract,
  privacyContract,
];

export function runContractSuite(mode: Target['mode'], start: () => Promise<Target>, options: ContractOptions = {}) {
  describe(`contract: ${mode}${options.label ? ` (${options.label})` : ''}`, () => {
    let target: Target | undefined;
    beforeAll(async () => {
      target = await start();
    }, 120_000);
    afterAll(async () => {
      await target?.close();
    }, 60_000);
    const ref = () => {
      if (!target) throw new Error(`the ${mode} target did not start`);
      return target;
    };
    for (const contract of contracts) contract(ref, options);
  });
}
