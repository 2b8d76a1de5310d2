import type { Registry } from 'prom-client';

/**
 * A labelled histogram for the per-request hot path, exposed exactly as prom-client's
 * Histogram is. prom-client's `labels(...).observe(v)` builds a labels object, validates
 * it and hashes it into a string key on every call; here a labelled child is an object
 * kept by the caller, and an observation is a bucket search and three additions.
 */
export interface HistogramChild {
  observe(value: number): void;
}

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket, not cumulative; above the last bound only `count` grows. */
  counts: number[];
  sum: number;
  count: number;
}

export class FastHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private series = new Map<string, Series>();

  constructor(
    readonly config: { name: string; help: string; labelNames: readonly string[]; buckets: readonly number[]; registers: Registry[] },
  ) {
    for (const r of config.registers) r.registerMetric(this as never);
  }

  get name(): string {
    return this.config.name;
  }

  get help(): string {
    return this.config.help;
  }

  /** The child for these label values (in `labelNames` order); keep it, it is the cheap path. */
  labels(...values: string[]): HistogramChild {
    const { labelNames, buckets } = this.config;
    if (values.length !== labelNames.length) throw new Error(`Expected ${labelNames.length} label values for ${this.name}`);
    const key = values.join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      const labels: Record<string, string> = {};
      labelNames.forEach((n, i) => (labels[n] = values[i]!));
      this.series.set(key, (s = { labels, counts: buckets.map(() => 0), sum: 0, count: 0 }));
    }
    const series = s;
    return {
      observe(value) {
        if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
        let i = 0;
        while (i < buckets.length && value > buckets[i]!) i++;
        if (i < buckets.length) series.counts[i]!++;
        series.sum += value;
        series.count++;
      },
    };
  }

  reset(): void {
    this.series = new Map();
  }

  /** The same values, in the same order, as prom-client's Histogram gives the registry. */
  async getForPromString() {
    const { name, buckets } = this.config;
    const values: { labels: Record<string, unknown>; sharedLabels: Record<string, string>; value: number; metricName: string; exemplar?: null }[] = [];
    for (const s of this.series.values()) {
      let acc = 0;
      buckets.forEach((le, i) => {
        acc += s.counts[i]!;
        values.push({ labels: { le }, sharedLabels: s.labels, value: acc, metricName: `${name}_bucket`, exemplar: null });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: `${name}_bucket`, exemplar: null });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${name}_sum`, exemplar: undefined });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${name}_count`, exemplar: undefined });
    }
    return { name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  async get() {
    const data = await this.getForPromString();
    return {
      ...data,
      values: data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })),
    };
  }
}
