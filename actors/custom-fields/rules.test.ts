import { describe, expect, test } from 'bun:test';
import { checkValue, fromCell, jsonSchemaOf, toCell, type FieldShape } from './rules';

const field = (o: Partial<FieldShape>): FieldShape => ({ type: 'text', options: null, min: null, max: null, required: false, ...o });
const none = () => false;
const msg = (def: FieldShape, v: unknown, exists = none) => {
  const r = checkValue(def, v, exists);
  return r.ok ? { value: r.value } : { error: r.message };
};

describe('custom field values', () => {
  test('each type takes its own kind of value and nothing else', () => {
    expect(msg(field({ type: 'text' }), '  Cafe\u0301 ')).toEqual({ value: 'Café' });
    expect(msg(field({ type: 'text' }), 12)).toEqual({ error: 'Must be text.' });
    expect(msg(field({ type: 'text' }), 'a\u202Eb')).toEqual({ error: 'Contains control or invisible characters.' });
    expect(msg(field({ type: 'long_text' }), 'line 1\nline 2')).toEqual({ value: 'line 1\nline 2' });
    expect(msg(field({ type: 'number', min: 0, max: 10 }), 10)).toEqual({ value: 10 });
    expect(msg(field({ type: 'number', min: 0, max: 10 }), 10.5)).toEqual({ error: 'Must be at most 10.' });
    expect(msg(field({ type: 'number' }), '5')).toEqual({ error: 'Must be a number.' });
    expect(msg(field({ type: 'date' }), '2025-02-29')).toEqual({ error: 'Must be a date as YYYY-MM-DD.' });
    expect(msg(field({ type: 'boolean' }), 'true')).toEqual({ error: 'Must be true or false.' });
    expect(msg(field({ type: 'single_select', options: ['a', 'b'] }), 'c')).toEqual({ error: 'Must be one of: a, b.' });
    expect(msg(field({ type: 'multi_select', options: ['a', 'b'] }), ['a', 'a'])).toEqual({ error: 'Lists an option twice.' });
    expect(msg(field({ type: 'employee' }), 'emp_01hzzzzzzzzzzzzzzzzzzzzzzz')).toEqual({ error: 'Names no employee of this company.' });
    expect(msg(field({ type: 'employee' }), 'emp_01hzzzzzzzzzzzzzzzzzzzzzzz', () => true)).toEqual({ value: 'emp_01hzzzzzzzzzzzzzzzzzzzzzzz' });
  });

  test('null clears, except a required field', () => {
    expect(msg(field({}), null)).toEqual({ value: null });
    expect(msg(field({}), '   ')).toEqual({ value: null });
    expect(msg(field({ required: true }), null)).toEqual({ error: 'Is required.' });
    expect(msg(field({ type: 'multi_select', options: ['a'], required: true }), [])).toEqual({ error: 'Is required.' });
  });

  test('CSV cells round-trip through fromCell and toCell', () => {
    const multi = field({ type: 'multi_select', options: ['de', 'en'] });
    expect(fromCell(multi, toCell(['de', 'en']))).toEqual(['de', 'en']);
    expect(fromCell(field({ type: 'number' }), toCell(-2.5))).toBe(-2.5);
    expect(fromCell(field({ type: 'boolean' }), toCell(false))).toBe(false);
    expect(fromCell(field({ type: 'number' }), '12abc')).toBe('12abc'); // left for checkValue to refuse
    expect(fromCell(field({}), '')).toBeNull();
  });

  test('the JSON Schema says what checkValue accepts', () => {
    expect(jsonSchemaOf({ ...field({ type: 'number', min: 1 }), label: 'N', unit: 'kg', defaultValue: 2 })).toEqual({ title: 'N', default: 2, anyOf: [{ type: 'number', minimum: 1 }, { type: 'null' }], 'x-unit': 'kg' });
    expect(jsonSchemaOf({ ...field({ type: 'date', required: true }), label: 'D', unit: null, defaultValue: null })).toEqual({ title: 'D', type: 'string', format: 'date' });
  });
});
