import { afterEach, describe, expect, test } from 'bun:test';
import { createLogger, flush, useSink } from './log';

const writes: string[] = [];
useSink((text) => void writes.push(text));
afterEach(() => {
  flush();
  writes.length = 0;
});

describe('log', () => {
  test('the lines of one turn go out in one write, one JSON object per line, none lost', async () => {
    const log = createLogger('info', { service: 'test' });
    for (let i = 0; i < 100; i++) log.info('request', { n: i });
    expect(writes).toHaveLength(0); // nothing written on the request's path
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    const lines = writes[0]!.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.n)).toEqual([...Array(100).keys()]);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'request', service: 'test', n: 0 });
  });

  test('a burst that never yields is written in bounded batches, in order', () => {
    const log = createLogger('info');
    for (let i = 0; i < 10_000; i++) log.info('row', { n: i });
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const w of writes) expect(w.split('\n').length - 1).toBeLessThanOrEqual(4096);
    flush();
    const all = writes.join('').trimEnd().split('\n').map((l) => JSON.parse(l).n);
    expect(all).toEqual([...Array(10_000).keys()]);
  });

  test('lines below the level are not written', async () => {
    const log = createLogger('warn');
    log.info('quiet');
    log.warn('loud');
    flush();
    expect(writes.join('')).not.toContain('quiet');
    expect(writes.join('')).toContain('loud');
  });
});
