import { describe, expect, test } from 'bun:test';
import { claimGroups, domainAllowed, jitRole, mappedRole, resolveAccount, type AccountCandidate, type VerifiedClaims } from './rules';

describe('the email domain check', () => {
  test('exact domains only, case-insensitive', () => {
    expect(domainAllowed('grace@acme.com', ['acme.com'])).toBe(true);
    expect(domainAllowed('Grace@ACME.com', ['acme.com'])).toBe(true);
    expect(domainAllowed('grace@mail.acme.com', ['acme.com'])).toBe(false);
    expect(domainAllowed('grace@evil-acme.com', ['acme.com'])).toBe(false);
    expect(domainAllowed('grace@acme.com.evil.test', ['acme.com'])).toBe(false);
    expect(domainAllowed('acme.com', ['acme.com'])).toBe(false);
    expect(domainAllowed('grace@', ['acme.com'])).toBe(false);
  });
  test('the last @ decides: a quoted local part cannot smuggle a domain', () => {
    expect(domainAllowed('"x@acme.com"@evil.test', ['acme.com'])).toBe(false);
  });
});

describe('claim → role mapping', () => {
  const map = { staff: 'employee', leads: 'manager', people: 'hr', it: 'admin' };
  test('the highest mapped role wins; unknown groups are ignored', () => {
    expect(mappedRole(['staff', 'people', 'nobody'], map)).toBe('hr');
    expect(mappedRole(['it', 'staff'], map)).toBe('admin');
    expect(mappedRole(['leads'], map)).toBe('manager');
  });
  test('no mapped group: no role from the provider', () => {
    expect(mappedRole([], map)).toBeUndefined();
    expect(mappedRole(['nobody'], map)).toBeUndefined();
  });
  test('a stored mapping to owner or an unknown role gives nothing', () => {
    expect(mappedRole(['x'], { x: 'owner' })).toBeUndefined();
    expect(mappedRole(['x'], { x: 'superuser' })).toBeUndefined();
  });
  test('a claim is a group or a list of groups', () => {
    expect(claimGroups('people')).toEqual(['people']);
    expect(claimGroups(['a', 1, 'b', null])).toEqual(['a', 'b']);
    expect(claimGroups(undefined)).toEqual([]);
    expect(claimGroups({ a: 1 })).toEqual([]);
  });
  test('just-in-time users start with the lowest role', () => {
    expect(jitRole).toBe('employee');
  });
});

describe('finding the account: by subject once linked, by verified email once', () => {
  const grace: AccountCandidate = { id: 'usr_grace', email: 'grace@acme.com', role: 'employee', status: 'active' };
  const ada: AccountCandidate = { id: 'usr_ada', email: 'ada@acme.com', role: 'owner', status: 'active' };
  const users = [grace, ada, { id: 'usr_gone', email: 'gone@acme.com', role: 'employee', status: 'deactivated' } as AccountCandidate];
  const world = (links: Record<string, string>, jitUsers = false) => ({
    userIdOfSubject: (sub: string) => links[sub],
    subjectOfUser: (id: string) => Object.entries(links).find(([, u]) => u === id)?.[0],
    userByEmail: (email: string) => users.find((u) => u.email === email),
    userById: (id: string) => users.find((u) => u.id === id),
    allowedDomains: ['acme.com'],
    jitUsers,
  });
  const claims = (c: Partial<VerifiedClaims>): VerifiedClaims => ({ sub: 'op-1', email: 'grace@acme.com', emailVerified: true, groups: [], ...c });

  test('an unlinked subject with a verified email links to that user', () => {
    expect(resolveAccount(claims({}), world({}))).toEqual({ kind: 'link', userId: 'usr_grace' });
  });
  test("a linked subject is its user, whatever email it now brings", () => {
    expect(resolveAccount(claims({ email: 'ada@acme.com' }), world({ 'op-1': 'usr_grace' }))).toEqual({ kind: 'linked', userId: 'usr_grace' });
  });
  test('an unverified email never links', () => {
    expect(resolveAccount(claims({ emailVerified: false }), world({}))).toEqual({ kind: 'refused', code: 'sso_email_unverified' });
    expect(resolveAccount(claims({ emailVerified: undefined }), world({}))).toEqual({ kind: 'refused', code: 'sso_email_unverified' });
  });
  test('a user already linked to another subject is not linked again', () => {
    expect(resolveAccount(claims({ sub: 'op-2' }), world({ 'op-1': 'usr_grace' }))).toEqual({ kind: 'refused', code: 'sso_account_linked' });
  });
  test('the domain is checked on every sign-in, linked or not', () => {
    expect(resolveAccount(claims({ email: 'grace@evil.test' }), world({ 'op-1': 'usr_grace' }))).toEqual({ kind: 'refused', code: 'sso_domain_not_allowed' });
    expect(resolveAccount(claims({ email: undefined }), world({}))).toEqual({ kind: 'refused', code: 'sso_email_missing' });
  });
  test('a deactivated user stays out', () => {
    expect(resolveAccount(claims({ email: 'gone@acme.com' }), world({}))).toEqual({ kind: 'refused', code: 'sso_user_inactive' });
    expect(resolveAccount(claims({ email: 'x@acme.com' }), world({ 'op-1': 'usr_gone' }))).toEqual({ kind: 'refused', code: 'sso_user_inactive' });
  });
  test('a stranger is created only with just-in-time creation on', () => {
    const stranger = claims({ email: 'Linus@acme.com', name: ' Linus ' });
    expect(resolveAccount(stranger, world({}))).toEqual({ kind: 'refused', code: 'sso_no_account' });
    expect(resolveAccount(stranger, world({}, true))).toEqual({ kind: 'create', email: 'linus@acme.com', name: 'Linus' });
  });
});
