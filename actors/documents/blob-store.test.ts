import { describe, expect, test } from 'bun:test';
import { isTenantBlobKey, tenantBlobPrefix } from './blob-store';

const a = 'ten_01jaaaaaaaaaaaaaaaaaaaaaaa';
const b = 'ten_01jbbbbbbbbbbbbbbbbbbbbbbb';

describe('document blob keys', () => {
  test("a tenant's actor accepts only keys under its own prefix", () => {
    expect(isTenantBlobKey(a, `${tenantBlobPrefix(a)}aaaaaaaaaaaaaaaaaaaaaaaa`)).toBe(true);
    expect(isTenantBlobKey(a, `${tenantBlobPrefix(b)}aaaaaaaaaaaaaaaaaaaaaaaa`)).toBe(false);
    expect(isTenantBlobKey(a, `${tenantBlobPrefix(a)}../../${b}/documents/aaaaaaaaaaaaaaaa`)).toBe(false);
    expect(isTenantBlobKey(a, `${tenantBlobPrefix(a)}short`)).toBe(false);
  });
});
