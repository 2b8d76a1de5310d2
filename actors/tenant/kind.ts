import { listAudit } from '../audit/audit';
import { headcountReport, leaveTakenReport, turnoverReport } from '../reports/reports';
import { AppError } from '../core/errors';
import type { ActorKind } from '../core/kind';
import type { Principal } from '../core/principal';
import type { Db } from '../core/store';
import { authenticateApiKey, authorizeCreateApiKey, createApiKey, listApiKeys, revokeApiKey } from '../identity/api-keys';
import { login, logout, refresh } from '../identity/auth';
import { tenantProfile } from '../identity/identity.sql.ts';
import { loadIdentity } from '../identity/state';
import { currentPrincipal } from '../identity/current-principal';
import { linkEmployee, unlinkEmployee } from '../identity/links';
import { getTenantSettings, updateTenantSettings } from '../identity/settings';
import { acceptInvite, bootstrapTenant, changeRole, deactivateUser, getUser, inviteUser, listUsers, me, reactivateUser } from '../identity/users';
import { createEmployee, getEmployee, listEmployees, updateEmployee } from '../people/employees';
import { applyDueLifecycle, cancelLifecycleEvent, listLifecycle, recordLifecycleEvent } from '../people/lifecycle';
import { orgChart } from '../people/org-chart';
import { exportEmployees } from '../people/export';
import { exportBalances } from '../timeoff/balance-export';
import { getImport, importEmployees, runQueuedImport } from '../people/import';
import { loadPeople } from '../people/state';
import { loadCustomFields } from '../custom-fields/state';
import { createCustomField, deleteCustomField, listCustomFields, updateCustomField } from '../custom-fields/fields';
import { setCustomValues } from '../custom-fields/values';
import { loadCompensation } from '../compensation/state';
import { compensationMessages } from '../compensation/messages';
import { compensationEvents } from '../compensation/events';
import { selfServiceEvents, selfServiceMessages } from '../people/change-requests';
import { payrollCsv, payrollExport } from '../payroll/payroll';
import { archiveDepartment, createDepartment, getDepartment, listDepartments, updateDepartment } from '../organisation/departments';
import { organisationEvents } from '../organisation/events';
import { createJobTitle, listJobTitles } from '../organisation/job-titles';
import { addHoliday, createLocation, getLocation, listHolidays, listLocations, removeHoliday, updateLocation } from '../organisation/locations';
import { loadOrganisation } from '../organisation/state';
import { identityEvents } from '../identity/events';
import { peopleEvents } from '../people/events';
import { listNotifications, markNotificationsRead, notificationCreated, notify } from '../notifications/notifications';
import { closeStream, eventListener, eventsSince, issueStreamTicket, openStream, redeemStreamTicket, streamClosed } from '../push/event-log';
import { tenantMigrations } from '../../migrations/tenant';
import { claimDueDeliveries, enqueueDeliveries, webhookEvents, listDeliveries, recordDeliveryAttempt, replayDelivery, wakeWebhooks } from '../webhooks/deliveries';
import { createWebhookEndpoint, disableWebhookEndpoint, listWebhookEndpoints } from '../webhooks/endpoints';
import { webhookEndpoints } from '../webhooks/webhooks.sql.ts';
import { adjustBalance, getBalances, listLedger, timeoffEvents } from '../timeoff/balances';
import { createPolicy, getPolicy, listPolicies, previewPolicy, runAccruals, updatePolicy } from '../timeoff/policies';
import { correctDay } from '../attendance/corrections';
import { attendanceEvents } from '../attendance/events';
import { listPunches, recordPunch } from '../attendance/punches';
import { listDays, timesheet } from '../attendance/timesheets';
import { assignSchedule, createSchedule, getAssignment, getSchedule, listSchedules } from '../attendance/schedules';
import { loadAttendance } from '../attendance/state';
import { approveRequest, approveRequests, rejectRequest } from '../timeoff/approvals';
import { getApprovalChain, setApprovalChain } from '../timeoff/approval-chains';
import { getDelegation, removeDelegation, setDelegation } from '../timeoff/delegation';
import { cancelRequest, getRequest, listRequests, quoteRequest, remindApprovers, submitRequest } from '../timeoff/requests';
import { teamCalendar } from '../timeoff/team-calendar';
import { createBlackout, listBlackouts, removeBlackout } from '../timeoff/blackouts';
import { createLeaveType, listLeaveTypes, updateLeaveTypeRules } from '../timeoff/leave-types';
import { authorizeSsoConfig, configureSso, getSsoConfig, ssoLoginConfig } from '../sso/settings';
import { beginSsoLogin, consumeSsoLogin, endSsoSession, rotateSsoProviderToken, ssoSessionOf, ssoSignIn } from '../sso/sign-in';
import { archiveChecklistTemplate, createChecklistTemplate, getChecklistTemplate, listChecklistTemplates, replaceChecklistTemplate } from '../checklists/templates';
import { checklistProgress, completeTask, employeeChecklists, myTasks, overdueTasks, remindOverdueTask, skipTask } from '../checklists/tasks';
import { checklistEvents } from '../checklists/events';
import { reactChecklists } from '../checklists/start';
import { claimDueMail, mailEvents, recordMailAttempt, sendDigests, wakeMail } from '../mail/outbox';
import { getMailPreferences, getMailSettings, setMailPreferences, setMailSettings } from '../mail/preferences';
import { requestPasswordReset, resetPassword } from '../identity/password-reset';
import type { TenantServices, TenantState } from './context';
import { documentMessages } from '../documents/messages';
import { documentEvents } from '../documents/events';
import { privacyMessages } from '../privacy/messages';
import { reactRetention } from '../privacy/retention';

/** The messages of every bounded context a tenant actor serves. */
export const tenantMessages = [
  bootstrapTenant,
  login,
  refresh,
  logout,
  me,
  listUsers,
  getUser,
  inviteUser,
  acceptInvite,
  changeRole,
  deactivateUser,
  reactivateUser,
  linkEmployee,
  unlinkEmployee,
  authorizeCreateApiKey,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  authenticateApiKey,
  exportEmployees,
  exportBalances,
  createEmployee,
  getEmployee,
  updateEmployee,
  listEmployees,
  recordLifecycleEvent,
  listLifecycle,
  cancelLifecycleEvent,
  applyDueLifecycle,
  orgChart,
  importEmployees,
  runQueuedImport,
  getImport,
  createDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
  archiveDepartment,
  createLocation,
  getLocation,
  listLocations,
  updateLocation,
  addHoliday,
  removeHoliday,
  listHolidays,
  createJobTitle,
  listJobTitles,
  listAudit,
  headcountReport,
  turnoverReport,
  leaveTakenReport,
  getTenantSettings,
  updateTenantSettings,
  eventsSince,
  eventListener,
  issueStreamTicket,
  redeemStreamTicket,
  openStream,
  closeStream,
  listNotifications,
  markNotificationsRead,
  createWebhookEndpoint,
  listWebhookEndpoints,
  disableWebhookEndpoint,
  listDeliveries,
  replayDelivery,
  claimDueDeliveries,
  recordDeliveryAttempt,
  wakeWebhooks,
  createLeaveType,
  listLeaveTypes,
  createPolicy,
  listPolicies,
  getPolicy,
  previewPolicy,
  runAccruals,
  updatePolicy,
  getBalances,
  listLedger,
  adjustBalance,
  createSchedule,
  getSchedule,
  listSchedules,
  assignSchedule,
  getAssignment,
  recordPunch,
  listPunches,
  correctDay,
  listDays,
  timesheet,
  quoteRequest,
  submitRequest,
  listRequests,
  getRequest,
  cancelRequest,
  remindApprovers,
  approveRequest,
  rejectRequest,
  approveRequests,
  setApprovalChain,
  getApprovalChain,
  setDelegation,
  getDelegation,
  removeDelegation,
  teamCalendar,
  createBlackout,
  listBlackouts,
  removeBlackout,
  updateLeaveTypeRules,
  createCustomField,
  listCustomFields,
  updateCustomField,
  deleteCustomField,
  setCustomValues,
  ...compensationMessages,
  ...selfServiceMessages,
  payrollExport,
  payrollCsv,
  getSsoConfig,
  authorizeSsoConfig,
  configureSso,
  ssoLoginConfig,
  beginSsoLogin,
  consumeSsoLogin,
  ssoSignIn,
  ssoSessionOf,
  endSsoSession,
  rotateSsoProviderToken,
  createChecklistTemplate,
  listChecklistTemplates,
  getChecklistTemplate,
  replaceChecklistTemplate,
  archiveChecklistTemplate,
  employeeChecklists,
  checklistProgress,
  overdueTasks,
  myTasks,
  completeTask,
  skipTask,
  remindOverdueTask,
  getMailPreferences,
  setMailPreferences,
  getMailSettings,
  setMailSettings,
  claimDueMail,
  recordMailAttempt,
  wakeMail,
  sendDigests,
  requestPasswordReset,
  resetPassword,
  ...documentMessages,
  ...privacyMessages,
] as const;

/** The catalogue of every event a tenant actor emits. */
export const tenantEvents = [...identityEvents, ...peopleEvents, ...organisationEvents, notificationCreated, ...webhookEvents, ...timeoffEvents, ...attendanceEvents, streamClosed, ...compensationEvents, ...selfServiceEvents, ...checklistEvents, ...mailEvents, ...documentEvents];

/** One actor per company, `tenant/<tenantId>`, owning that company's database. */
export const tenantKind: ActorKind<TenantState, TenantServices> = {
  name: 'tenant',
  migrations: tenantMigrations,
  messages: tenantMessages,
  events: tenantEvents,
  async load(db: Db, tenantId: string) {
    const [profile] = await db.select().from(tenantProfile);
    return {
      tenantId,
      profile,
      identity: await loadIdentity(db),
      people: await loadPeople(db),
      customFields: await loadCustomFields(db),
      compensation: await loadCompensation(db),
      organisation: await loadOrganisation(db),
      attendance: await loadAttendance(db),
      webhooks: { endpoints: new Map((await db.select().from(webhookEndpoints)).map((e) => [e.id, e])) },
      streams: new Map(),
    };
  },
  /** Projections that commit with each command: notifications (and webhook deliveries). */
  async react(events, ctx) {
    await reactChecklists(events, ctx);
    await notify(events, ctx);
    await enqueueDeliveries(events, ctx);
    await reactRetention(events, ctx);
  },
  // The company's own browser origins, when it lists some: the edge lets only those read replies.
  replyHints: (state) => (state.profile?.corsOrigins ? { allowedOrigins: state.profile.corsOrigins } : undefined),
  limits(state, principal, services) {
    const plans = services.rateLimits;
    const plan = plans[state.profile?.plan ?? 'standard'] ?? plans.standard;
    if (!plan || (principal.kind !== 'user' && principal.kind !== 'apiKey')) return [];
    const who = principal.kind === 'user' ? principal.userId : principal.apiKeyId;
    return [
      { name: 'principal', key: who, limit: plan.principal[0], windowMs: plan.principal[1] * 1000 },
      { name: 'tenant', key: 'tenant', limit: plan.tenant[0], windowMs: plan.tenant[1] * 1000 },
    ];
  },
  /** A token stays valid for minutes; the actor's memory says whether its holder still may act, and as what. */
  authenticate: (state: TenantState, principal: Principal): Principal | AppError => currentPrincipal(state, principal),
};
