import { describe, expect, test } from 'bun:test';
import { allowedType, bytesMatch } from './file-types';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('document file types', () => {
  test('the declared type must be on the allow-list, parameters and case aside', () => {
    expect(allowedType('application/pdf')).toBe('application/pdf');
    expect(allowedType('Image/PNG; charset=binary')).toBe('image/png');
    expect(allowedType('text/html')).toBeUndefined();
    expect(allowedType('application/x-msdownload')).toBeUndefined();
    expect(allowedType(undefined)).toBeUndefined();
  });

  test('each allowed type is recognised by its own first bytes', () => {
    expect(bytesMatch('application/pdf', bytes('%PDF-1.7\n'))).toBe(true);
    expect(bytesMatch('image/png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(bytesMatch('image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(bytesMatch('image/webp', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe(true);
    expect(bytesMatch('image/heic', bytes([0, 0, 0, 24], 'ftypheic'))).toBe(true);
    expect(bytesMatch('application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes('PK', [3, 4]))).toBe(true);
  });

  test('bytes of another kind, or too few, do not pass as the declared type', () => {
    expect(bytesMatch('application/pdf', bytes('<html><script>'))).toBe(false);
    expect(bytesMatch('application/pdf', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe(false);
    expect(bytesMatch('image/png', bytes('%PDF-'))).toBe(false);
    expect(bytesMatch('image/webp', bytes('RIFF', [1, 2, 3, 4], 'WAVE'))).toBe(false);
    expect(bytesMatch('image/heic', bytes([0, 0, 0, 24], 'ftypisom'))).toBe(false);
    expect(bytesMatch('image/jpeg', bytes([0xff, 0xd8]))).toBe(false);
    expect(bytesMatch('application/pdf', new Uint8Array())).toBe(false);
  });
});
