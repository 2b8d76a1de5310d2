import { describe, expect, test } from 'bun:test';
import { Histogram, Registry } from 'prom-client';
import { FastHistogram } from './histogram';

describe('FastHistogram', () => {
  test('is exposed exactly as prom-client exposes the same observations', async () => {
    const config = { name: 'x_seconds', help: 'X latency', labelNames: ['method', 'route', 'status'], buckets: [0.001, 0.01, 0.1, 1] };
    const theirs = new Registry();
    const ours = new Registry();
    const reference = new Histogram({ ...config, registers: [theirs] });
    const fast = new FastHistogram({ ...config, registers: [ours] });
    const series: [string, string, string][] = [['GET', '/v1/a/:id', '200'], ['POST', '/v1/a', '201'], ['GET', '/v1/a/:id', '404']];
    const values = [0, 0.0004, 0.001, 0.0011, 0.05, 0.1, 0.7, 1, 3.5, 12];
    for (let i = 0; i < 100; i++) {
      const labels = series[(i * 7) % series.length]!;
      const v = values[(i * 3) % values.length]! * (1 + i / 1000);
      reference.labels(...labels).observe(v);
      fast.labels(...labels).observe(v);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  test('refuses a value that is not a finite number', () => {
    const h = new FastHistogram({ name: 'y', help: 'y', labelNames: ['a'], buckets: [1], registers: [] });
    expect(() => h.labels('a').observe(Number.NaN)).toThrow(TypeError);
  });
});
