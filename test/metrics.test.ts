import { afterAll, describe, expect, test } from 'bun:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Api, newEmployee, signUp } from './contract/client';
import { startEmbedded } from './support/embedded-target';

const token = 'metrics-token-0123456789';
const roster = await startEmbedded({ ROSTER_METRICS_TOKEN: token });
afterAll(() => roster.close());

describe('metrics', () => {
  test('/metrics needs the token', async () => {
    expect((await fetch(`${roster.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${roster.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  });

  test('the Prometheus text parses, with bounded labels and the actor and HTTP series', async () => {
    const api = new Api(roster.baseUrl);
    const c = await signUp(api, 'metrics');
    const made = await api.post('/v1/employees', newEmployee(), { token: c.token });
    await api.get(`/v1/employees/${made.body.id}`, { token: c.token });
    const res = await fetch(`${roster.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const families = parsePrometheusTextFormat(text) as { name: string; type: string; metrics: { labels?: Record<string, string>; value?: string; buckets?: unknown }[] }[];
    const byName = new Map(families.map((f) => [f.name, f]));
    for (const name of [
      'roster_http_request_duration_seconds',
      'roster_actor_call_duration_seconds',
      'roster_actors_resident',
      'roster_mailbox_depth',
      'roster_actor_activations_total',
      'roster_actor_passivations_total',
      'roster_outbox_lag_events',
      'roster_push_connections',
      'roster_sqlite_checkpoints_total',
    ]) {
      expect(byName.has(name)).toBe(true);
    }
    expect(byName.get('roster_http_request_duration_seconds')!.type).toBe('HISTOGRAM');
    // (This parser keeps a histogram's buckets but not its labels: the labels are read from the text.)
    expect(byName.get('roster_http_request_duration_seconds')!.metrics[0]!.buckets).toBeTruthy();
    expect(text).toContain('route="/v1/employees/:id"');
    // No series is labelled with an id: cardinality stays bounded whatever the traffic.
    expect(text).not.toContain(made.body.id);
    expect(text).not.toContain(c.tenantId);
    expect(Number(byName.get('roster_actors_resident')!.metrics[0]!.value)).toBeGreaterThanOrEqual(2);
  });
});
