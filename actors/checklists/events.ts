import { z } from 'zod';
import { defineEvent } from '../core/event';

/** Checklist events name the person and the task, never personal fields. */
const checklistFacts = z.object({ checklistId: z.string(), employeeId: z.string(), kind: z.string(), name: z.string() });
const taskFacts = z.object({ taskId: z.string(), checklistId: z.string(), employeeId: z.string(), title: z.string(), dueDate: z.string() });

export const checklistStarted = defineEvent({
  type: 'checklist.started',
  summary: 'A hire, rehire or termination started an onboarding or offboarding checklist',
  data: checklistFacts.extend({ anchorDate: z.string(), tasks: z.number() }),
});
export const checklistCompleted = defineEvent({
  type: 'checklist.completed',
  summary: 'Every task of a checklist is done or skipped',
  data: checklistFacts,
});
export const checklistCancelled = defineEvent({
  type: 'checklist.cancelled',
  summary: 'The change that started a checklist was withdrawn; its open tasks are cancelled',
  data: checklistFacts,
});
export const checklistDatesMoved = defineEvent({
  type: 'checklist.dates_moved',
  summary: "The hire date moved; the checklist's open tasks moved with it",
  data: checklistFacts.extend({ anchorDate: z.string() }),
});
export const taskClosed = defineEvent({
  type: 'checklist.task_closed',
  summary: 'A checklist task was completed or skipped by its assignee',
  data: taskFacts.extend({ status: z.enum(["done", "skipped"]) }),
});
export const taskOverdue = defineEvent({
  type: 'checklist.task_overdue',
  summary: 'A checklist task is past its due date and still open (its assignees are reminded)',
  data: taskFacts,
});

export const checklistEvents = [checklistStarted, checklistCompleted, checklistCancelled, checklistDatesMoved, taskClosed, taskOverdue];
