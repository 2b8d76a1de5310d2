/**
 * The API document's tags: what each resource is, in a line, and the headings they are
 * grouped under (`x-tagGroups`, read by Redoc and other renderers), so that an integrator
 * finds everything about time off (requests, balances, policies, approvals) in one place.
 * A tag an operation uses must be described and grouped here; the document test checks it.
 */
export const tagDescriptions: Record<string, string> = {
  tenants: 'A company (tenant): signing one up, with its first owner',
  auth: 'Sessions: signing in, rotating tokens, signing out, resetting a password',
  sso: "Single sign-on: the company's OpenID Connect provider and the sign-in through it",
  me: 'The signed-in user or API key, and what it may do',
  users: 'The accounts of a company: invitations, roles, deactivation, the link to an employee record',
  apiKeys: 'Keys for integrations and wall time clocks (kiosks), each with a role',
  settings: "The company's settings: name, time zone, browser origins, reminders",
  links: 'Short links to pages of this site, with an expiry',
  employees: 'Employee records: hiring, changes over time, termination, import and export',
  people: 'How people relate: the org chart',
  profile: 'Personal details employees keep themselves, and the changes HR approves',
  departments: 'The departments of a company, as a tree',
  locations: 'Work locations: time zone, weekend days, country',
  holidays: 'Public holidays of a location',
  jobTitles: 'The job titles a company uses',
  customFields: "The company's own fields on employee records, by visibility tier",
  compensation: 'Pay over time: salary or hourly rate, pay grade, who may read it',
  payroll: 'Exports for payroll: pay, time off and hours for a period',
  documents: 'Files on employee records: contracts, sick notes, certificates',
  checklistTemplates: 'Onboarding and offboarding templates: the tasks to do for a hire or a leaver',
  checklists: 'The checklists started from templates, and their tasks',
  reports: 'Headcount, turnover, leave taken and payroll cost, by date',
  audit: 'Who changed what, and when: one row per command',
  leaveTypes: 'Kinds of leave (vacation, sick, …): unit, half days, whether a note is needed',
  policies: 'Time-off policies: how much leave accrues or is granted, carry-over, which employees they govern',
  timeoff: 'Accrual runs and the time-off calendar of the team',
  timeoffRequests: 'Leave requests: submitting, approving, rejecting, cancelling',
  balances: 'Time-off balances per leave type, their ledger, and adjustments',
  approvalChains: 'Who approves a leave type’s requests, step by step',
  delegation: 'An approver hands their approvals to a colleague for a while',
  timeoffBlackouts: 'Periods when leave may not be requested',
  attendance: 'Working time: schedules, punches (clock in and out), corrections, worked days',
  events: "The company's event log, oldest first, resumable by sequence number",
  eventTypes: 'The catalogue of event types and their payloads',
  stream: 'Push: the events live over Server-Sent Events or a WebSocket, and the tickets for browsers',
  notifications: 'In-app notifications of the signed-in user',
  mail: 'Notification mail: the user’s choice per type, and the company switch',
  webhooks: 'Webhook endpoints and their deliveries, signed by the Standard Webhooks scheme',
  health: 'Liveness and readiness of this server, for load balancers and orchestrators',
};

export const tagGroups: { name: string; tags: string[] }[] = [
  { name: 'Company and access', tags: ['tenants', 'auth', 'sso', 'me', 'users', 'apiKeys', 'settings', 'links'] },
  {
    name: 'People',
    tags: ['employees', 'people', 'profile', 'departments', 'locations', 'holidays', 'jobTitles', 'customFields', 'documents', 'checklistTemplates', 'checklists'],
  },
  { name: 'Time off', tags: ['timeoffRequests', 'balances', 'policies', 'leaveTypes', 'approvalChains', 'delegation', 'timeoffBlackouts', 'timeoff'] },
  { name: 'Attendance', tags: ['attendance'] },
  { name: 'Pay', tags: ['compensation', 'payroll'] },
  { name: 'Reports and audit', tags: ['reports', 'audit'] },
  { name: 'Events and notifications', tags: ['events', 'eventTypes', 'stream', 'webhooks', 'notifications', 'mail'] },
  { name: 'Operations', tags: ['health'] },
];
