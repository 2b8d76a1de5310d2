import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole } from './contract/client';
import { openStream, type SseReader } from './contract/sse';
import type { Target } from './contract/target';
import { startEmbedded } from './support/embedded-target';

/** The caps are configuration: here two streams per principal and three per company. */
describe('open stream caps (configured)', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startEmbedded({ ROSTER_STREAMS_PER_PRINCIPAL: '2', ROSTER_STREAMS_PER_TENANT: '3' });
  });
  afterAll(() => target.close());

  const closedCode = async (s: SseReader) => (await s.next(1, 1000)).find((e) => e.event === 'closed')?.data.code;

  test('over the company cap the company’s oldest stream closes, whoever holds it; other companies are untouched', async () => {
    const api = new Api(target.baseUrl);
    const c = await signUp(api, 'cap-tenant');
    const other = await signUp(api, 'cap-other');
    const hr = await userWithRole(api, c, 'hr');
    const elsewhere = [await openStream(target.baseUrl, { token: other.token }), await openStream(target.baseUrl, { token: other.token })];
    const owners = [await openStream(target.baseUrl, { token: c.token }), await openStream(target.baseUrl, { token: c.token })];
    const hrs = [await openStream(target.baseUrl, { token: hr.token })];
    // A fourth stream in the company: the oldest (the owner's first) closes.
    hrs.push(await openStream(target.baseUrl, { token: hr.token }));
    expect(await closedCode(owners[0]!)).toBe('too_many_streams');
    const id = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id;
    for (const s of [owners[1]!, ...hrs]) expect((await s.next(1)).map((e) => e.data.subject)).toEqual([id]);
    const theirs = (await api.post('/v1/employees', newEmployee(), { token: other.token })).body.id;
    for (const s of elsewhere) expect((await s.next(1)).map((e) => e.data.subject)).toEqual([theirs]);
    await Promise.all([...elsewhere, ...owners, ...hrs].map((s) => s.close()));
  });

  test('a stream that ended no longer counts', async () => {
    const api = new Api(target.baseUrl);
    const c = await signUp(api, 'cap-release');
    const kept = await openStream(target.baseUrl, { token: c.token });
    const ended = await openStream(target.baseUrl, { token: c.token });
    await ended.next(1, 100);
    await ended.close();
    await Bun.sleep(200);
    // Two open again: had the ended one still counted, the kept (oldest) would close now.
    const fresh = await openStream(target.baseUrl, { token: c.token });
    const id = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id;
    for (const s of [kept, fresh]) expect((await s.next(1)).map((e) => e.data.subject)).toEqual([id]);
    await Promise.all([kept.close(), fresh.close()]);
  });
});
