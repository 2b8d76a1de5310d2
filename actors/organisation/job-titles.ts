import { z } from 'zod';
import { conflict } from '../core/errors';
import { pageInput, paginate } from '../core/pagination';
import { everyone, peopleManagers } from '../core/principal';
import { idOf, text } from '../core/text';
import { tenantMessage } from '../tenant/context';
import { jobTitles, type JobTitleRow } from './organisation.sql.ts';
import { instant, pageOf } from '../core/reply';

const jobTitleSchema = z.strictObject({ id: idOf('jtl'), name: z.string(), archivedAt: instant.nullable(), createdAt: instant }).meta({ id: 'JobTitle' });

/** The company's catalogue of job titles: what clients offer when a title is picked. */
export const createJobTitle = tenantMessage.command({
  type: 'jobTitles.create',
  access: peopleManagers,
  input: z.strictObject({ name: text(120) }),
  output: jobTitleSchema,
  route: { method: 'POST', path: '/v1/job-titles', status: 201, summary: 'Add a job title to the catalogue' },
  handler: async ({ name }, ctx) => {
    const taken = [...ctx.state.organisation.jobTitles.values()].some((j) => j.name.toLowerCase() === name.toLowerCase());
    if (taken) throw conflict('job_title_exists', 'This job title is already in the catalogue.', 'name');
    const row: JobTitleRow = { id: ctx.ids.next('jtl'), name, archivedAt: null, createdAt: ctx.now.toISOString() };
    await ctx.db.insert(jobTitles).values(row);
    ctx.set(ctx.state.organisation.jobTitles, row.id, row);
    ctx.audit({ entity: 'job_title', id: row.id, after: row });
    return row;
  },
});

export const listJobTitles = tenantMessage.query({
  type: 'jobTitles.list',
  access: everyone,
  input: z.strictObject({ ...pageInput }),
  output: pageOf(jobTitleSchema),
  route: { method: 'GET', path: '/v1/job-titles', summary: 'The job title catalogue' },
  handler: ({ limit, cursor }, { state }) => {
    const { page, nextCursor } = paginate([...state.organisation.jobTitles.values()], { sort: 'name', limit, cursor, keyOf: (j) => j.name });
    return { items: page, nextCursor };
  },
});
