import { z } from 'zod';
import { defineEvent } from '../core/event';

/**
 * Request events carry ids only: listeners read the request through the API, where the
 * visibility rule applies. `approverUserIds` names who is asked to decide the current step.
 */
const request = { requestId: z.string(), employeeId: z.string(), leaveTypeId: z.string(), startDate: z.string(), endDate: z.string() };

export const requestSubmitted = defineEvent({
  type: 'timeoff.request_submitted',
  summary: 'A time-off request was submitted',
  data: z.object({ ...request, amount: z.number() }),
});
export const approvalRequested = defineEvent({
  type: 'timeoff.approval_requested',
  summary: 'A time-off request waits for the decision of the named approvers (a step of its chain)',
  data: z.object({ ...request, step: z.number(), approverUserIds: z.array(z.string()) }),
});
export const approvalReminder = defineEvent({
  type: 'timeoff.approval_reminder',
  summary: 'A time-off request has waited for its current step for the company’s reminder period',
  data: z.object({ ...request, step: z.number(), approverUserIds: z.array(z.string()), waitingDays: z.number() }),
});
export const requestApproved = defineEvent({
  type: 'timeoff.request_approved',
  summary: 'A time-off request was finally approved; the days are taken off the balance',
  data: z.object(request),
});
export const requestRejected = defineEvent({
  type: 'timeoff.request_rejected',
  summary: 'A time-off request was rejected',
  data: z.object({ ...request, comment: z.string() }),
});
export const requestCancelled = defineEvent({
  type: 'timeoff.request_cancelled',
  summary: 'A time-off request was cancelled; an approved one gives its days back',
  data: z.object({ ...request, wasApproved: z.boolean() }),
});

export const requestEvents = [requestSubmitted, approvalRequested, approvalReminder, requestApproved, requestRejected, requestCancelled];
