import { describe, expect, test } from 'bun:test';
import { z } from 'zod';
import { idOf, isoDate } from '../../actors/core/text';
import { sampleOf } from './openapi-examples';

const json = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });

describe('example sampler', () => {
  test('ids from their pattern prefix, dates, emails, enums, bounded numbers', () => {
    const schema = z.strictObject({
      id: idOf('emp'),
      hireDate: isoDate,
      workEmail: z.email(),
      status: z.enum(['active', 'on_leave']),
      days: z.number().int().min(5).max(10),
      ratio: z.number().max(0.5),
      note: z.string().nullable(),
    });
    const sample = sampleOf(json(schema)) as Record<string, unknown>;
    expect(sample.id).toMatch(/^emp_[0-9a-z]{26}$/);
    expect(schema.safeParse(sample).success).toBe(true);
    expect(sample).toMatchObject({ hireDate: '2026-01-15', status: 'active', days: 5, ratio: 0.5 });
  });

  test('explicit examples win; arrays have one item; optional properties are few', () => {
    const schema = z.strictObject({
      tz: z.string().meta({ examples: ['Europe/Berlin'] }),
      tags: z.array(z.string()),
      a: z.string().optional(),
      b: z.string().optional(),
      c: z.string().optional(),
      d: z.string().optional(),
    });
    const sample = sampleOf(json(schema)) as Record<string, unknown>;
    expect(sample.tz).toBe('Europe/Berlin');
    expect(sample.tags).toEqual(['Example']);
    expect(Object.keys(sample)).toEqual(['tz', 'tags', 'a', 'b', 'c']);
  });
});
