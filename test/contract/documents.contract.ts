import { describe, expect, test } from 'bun:test';
import { Api, hireAs, signUp, userWithRole, type Company } from './client';
import type { ContractCase } from './suite';

/**
 * Documents through the API (actors/documents/): uploads as binary bodies checked by size
 * and magic bytes, downloads through the actor's visibility rule, idempotent retries, the
 * required sick note, and two companies that never see each other's files.
 */
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.7\n% ${text}\n%%EOF\n`);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const hex = async (b: Uint8Array) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>))].map((x) => x.toString(16).padStart(2, '0')).join('');

async function upload(base: string, path: string, token: string, bytes: Uint8Array, type = 'application/pdf', headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type, ...headers }, body: bytes as Uint8Array<ArrayBuffer> });
  return { status: res.status, body: (await res.json()) as any };
}

async function download(base: string, id: string, token: string) {
  const res = await fetch(`${base}/v1/documents/${id}/content`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** A company with a manager, their report (signed in) and a colleague (signed in). */
async function company(api: Api, prefix: string) {
  const c: Company = await signUp(api, prefix);
  const hr = { token: c.token };
  const bossUser = await userWithRole(api, c, 'manager');
  const reportUser = await userWithRole(api, c, 'employee');
  const colleagueUser = await userWithRole(api, c, 'employee');
  const boss = await hireAs(api, c, bossUser);
  const report = await hireAs(api, c, reportUser, { managerId: boss.id });
  const colleague = await hireAs(api, c, colleagueUser);
  return { c, hr, bossUser, reportUser, colleagueUser, boss, report, colleague };
}

const ids = (reply: { body: { items: { id: string }[] } }) => reply.body.items.map((d) => d.id);

export const documentsContract: ContractCase = (target) => {
  describe('documents', () => {
    test('HR uploads a contract: checksum, size and type recorded; the same bytes come back as an attachment; upload and download are audited', async () => {
      const base = target().baseUrl;
      const api = new Api(base);
      const s = await company(api, 'docs');
      const bytes = pdf('signed contract');
      const up = await upload(base, `/v1/employees/${s.report.id}/documents?category=contract&name=Contract%202027.pdf`, s.c.token, bytes);
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ category: 'contract', visibility: 'employment', name: 'Contract 2027.pdf', contentType: 'application/pdf', size: bytes.length, sha256: await hex(bytes) });
      expect(Object.keys(up.body)).not.toContain('blobKey');
      const got = await download(base, up.body.id, s.c.token);
      expect(got.status).toBe(200);
      expect(got.bytes).toEqual(bytes);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(got.headers.get('content-disposition')).toContain('attachment');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      const audit = (await api.get(`/v1/audit?limit=50`, s.hr)).body.items.map((r: { action: string }) => r.action);
      expect(audit).toContain('documents.uploadForEmployee');
      expect(audit).toContain('documents.open');
      const del = await api.delete(`/v1/documents/${up.body.id}`, s.hr);
      expect(del.status).toBe(204);
      expect((await download(base, up.body.id, s.c.token)).status).toBe(404);
      expect(ids(await api.get(`/v1/employees/${s.report.id}/documents`, s.hr))).toEqual([]);
      expect((await api.get(`/v1/audit?action=documents.delete`, s.hr)).body.items).toHaveLength(1);
    });

    test('visibility: an ID document is personal (HR and the employee); a contract is employment (the manager too); a colleague sees neither', async () => {
      const base = target().baseUrl;
      const api = new Api(base);
      const s = await company(api, 'docvis');
      const id = (await upload(base, `/v1/employees/${s.report.id}/documents?category=id_document&name=passport.pdf`, s.c.token, pdf('passport'))).body;
      const contract = (await upload(base, `/v1/employees/${s.report.id}/documents?category=contract&name=contract.pdf`, s.c.token, pdf('contract'))).body;
      expect(id.visibility).toBe('personal');
      const list = (token: string) => api.get(`/v1/employees/${s.report.id}/documents`, { token });
      expect(ids(await list(s.c.token)).sort()).toEqual([id.id, contract.id].sort());
      expect(ids(await list(s.reportUser.token)).sort()).toEqual([id.id, contract.id].sort());
      expect(ids(await list(s.bossUser.token))).toEqual([contract.id]);
      expect(ids(await list(s.colleagueUser.token))).toEqual([]);
      expect((await download(base, id.id, s.reportUser.token)).status).toBe(200);
      for (const token of [s.bossUser.token, s.colleagueUser.token]) {
        expect((await download(base, id.id, token)).status).toBe(404);
        expect((await api.get(`/v1/documents/${id.id}`, { token })).status).toBe(404);
      }
      expect((await download(base, contract.id, s.bossUser.token)).status).toBe(200);
      expect((await download(base, contract.id, s.colleagueUser.token)).status).toBe(404);
      // A colleague may not attach anything to someone else's record either.
      expect((await upload(base, `/v1/employees/${s.report.id}/documents?category=other&name=x.pdf`, s.colleagueUser.token, pdf('x'))).status).toBe(403);
    });

    test('a file over the limit is refused with 413, a type off the list or bytes that are not their declared type with 415; nothing is stored', async () => {
      const base = target().baseUrl;
      const api = new Api(base);
      const s = await company(api, 'docbad');
      const path = `/v1/employees/${s.report.id}/documents?category=certificate&name=c.pdf`;
      const big = new Uint8Array(10 * 1024 * 1024 + 1);
      big.set(pdf('big'));
      const tooBig = await upload(base, path, s.c.token, big);
      expect(tooBig).toMatchObject({ status: 413, body: { code: 'file_too_large' } });
      const html = await upload(base, path, s.c.token, new TextEncoder().encode('<html><script>alert(1)</script>'), 'text/html');
      expect(html).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
      const disguised = await upload(base, path, s.c.token, png, 'application/pdf');
      expect(disguised).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
      const script = await upload(base, path, s.c.token, new TextEncoder().encode('#!/bin/sh\nrm -rf /\n'), 'application/pdf');
      expect(script.status).toBe(415);
      expect(ids(await api.get(`/v1/employees/${s.report.id}/documents`, s.hr))).toEqual([]);
      // The same PNG declared as what it is is accepted.
      expect((await upload(base, path.replace('c.pdf', 'c.png'), s.c.token, png, 'image/png')).status).toBe(201);
    });

    test('a retried upload with the same Idempotency-Key stores one document', async () => {
      const base = target().baseUrl;
      const api = new Api(base);
      const s = await company(api, 'docidem');
      const path = `/v1/employees/${s.report.id}/documents?category=certificate&name=first-aid.pdf`;
      const bytes = pdf('first aid');
      const first = await upload(base, path, s.c.token, bytes, 'application/pdf', { 'idempotency-key': 'upload-1' });
      const again = await upload(base, path, s.c.token, bytes, 'application/pdf', { 'idempotency-key': 'upload-1' });
      expect(first.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect(ids(await api.get(`/v1/employees/${s.report.id}/documents`, s.hr))).toEqual([first.body.id]);
    });

    test('another company never reaches a document, whatever id or path it tries', async () => {
      const base = target().baseUrl;
      const api = new Api(base);
      const a = await company(api, 'docten');
      const b = await signUp(api, 'docoth');
      const doc = (await upload(base, `/v1/employees/${a.report.id}/documents?category=contract&name=a.pdf`, a.c.token, pdf('company A'))).body;
      expect((await download(base, doc.id, b.token)).status).toBe(404);
      expect((await api.get(`/v1/documents/${doc.id}`, { token: b.token })).status).toBe(404);
      expect((await api.get(`/v1/employees/${a.report.id}/documents`, { token: b.token })).status).toBe(404);
      expect((await api.delete(`/v1/documents/${doc.id}`, { token: b.token })).status).toBe(404);
      // A client cannot name a stored file itself: the edge sets `file`, so a guessed key in the query is refused.
      const guessed = await upload(base, `/v1/employees/${a.report.id}/documents?category=contract&name=a.pdf&file=tenants/${a.c.tenantId}/documents/x`, b.token, pdf('B'));
      expect(guessed.status).toBeGreaterThanOrEqual(400);
      expect((await download(base, doc.id, a.c.token)).bytes).toEqual(pdf('company A'));
    });

    test('a leave type that requires a sick note above 3 days: approval is refused (422 naming the rule) until the employee attaches one, which only HR and the employee see', async () => {
      const base = target().baseUrl;
      const api = new Api(base);
      const s = await company(api, 'docsick');
      const type = (await api.post('/v1/leave-types', { name: 'Sick', tracked: false, sickNoteAboveDays: 3 }, s.hr)).body;
      expect(type.sickNoteAboveDays).toBe(3);
      const start = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
      const end = new Date(Date.now() + 24 * 86_400_000).toISOString().slice(0, 10);
      const request = await api.post('/v1/timeoff-requests', { leaveTypeId: type.id, startDate: start, endDate: end }, { token: s.reportUser.token });
      expect(request.status).toBe(201);
      const refused = await api.post(`/v1/timeoff-requests/${request.body.id}/approve`, {}, { token: s.bossUser.token });
      expect(refused).toMatchObject({ status: 422, body: { code: 'sick_note_required' } });
      expect((await api.get(`/v1/timeoff-requests/${request.body.id}`, { token: s.reportUser.token })).body.status).toBe('pending');
      const note = await upload(base, `/v1/timeoff-requests/${request.body.id}/documents?name=note.pdf`, s.reportUser.token, pdf('diagnosis: private'));
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ category: 'sick_note', visibility: 'personal', attachedTo: 'leave_request' });
      expect(ids(await api.get(`/v1/timeoff-requests/${request.body.id}/documents`, { token: s.bossUser.token }))).toEqual([]);
      expect(ids(await api.get(`/v1/timeoff-requests/${request.body.id}/documents`, s.hr))).toEqual([note.body.id]);
      expect((await download(base, note.body.id, s.bossUser.token)).status).toBe(404);
      const approved = await api.post(`/v1/timeoff-requests/${request.body.id}/approve`, {}, { token: s.bossUser.token });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
    });
  });
};
