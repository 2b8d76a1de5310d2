import { describe, expect, test } from 'bun:test';
import { issuerRefusal } from './issuer';

describe('the issuer URL', () => {
  test('https is accepted', () => {
    expect(issuerRefusal('https://login.acme.com/realms/acme', false)).toBeUndefined();
  });
  test('plain http is refused, also on loopback, unless the test setting allows loopback', () => {
    expect(issuerRefusal('http://login.acme.com', false)).toBe('Must be https.');
    expect(issuerRefusal('http://127.0.0.1:9000', false)).toBe('Must be https.');
    expect(issuerRefusal('http://127.0.0.1:9000', true)).toBeUndefined();
    expect(issuerRefusal('http://[::1]:9000', true)).toBeUndefined();
    expect(issuerRefusal('http://login.acme.com', true)).toBe('Must be https (or http on a loopback address).');
    expect(issuerRefusal('http://127.0.0.1.evil.example', true)).toBeDefined();
  });
  test('other schemes, credentials, queries and non-URLs are refused', () => {
    expect(issuerRefusal('ftp://login.acme.com', true)).toBeDefined();
    expect(issuerRefusal('https://user:pw@login.acme.com', false)).toBe('Must not carry credentials.');
    expect(issuerRefusal('https://login.acme.com/?x=1', false)).toBe('Must not have a query or fragment.');
    expect(issuerRefusal('login.acme.com', false)).toBe('Must be a URL.');
  });
});
