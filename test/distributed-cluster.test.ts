import { afterAll, describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp } from './contract/client';
import { runContractSuite } from './contract/suite';
import { startDistributed, type Distributed } from './support/distributed-target';

// The contract suite over NATS, once, on its harder topology: a 3-node cluster with JetStream
// replicas = 3, 2 gateways and 3 workers. One nats-server differs only by what a cluster adds
// (replication, a node's fail-over: the case below kills one).
runContractSuite('distributed', () => startDistributed({ gateways: 2, workers: 3, cluster: true }), {
  label: '3-node NATS cluster, R3',
});

const running: Distributed[] = [];
afterAll(async () => {
  await Promise.all(running.map((d) => d.close()));
});

describe('distributed: NATS node failure', () => {
  test('killing one NATS node under load: service continues', async () => {
    const d = await startDistributed({ gateways: 2, workers: 3, cluster: true });
    running.push(d);
    const c = await signUp(new Api(d.baseUrl), 'natskill');
    const statuses: number[] = [];
    const errors = new Map<string, number>();
    let stop = false;
    const loops = d.gateways.flatMap((g) =>
      [0, 1, 2].map(async () => {
        const api = new Api(g.url!);
        while (!stop) {
          const res = await api.post('/v1/employees', newEmployee(), { token: c.token }).catch(() => undefined);
          statuses.push(res?.status ?? 0);
          if (!res || res.status >= 300) {
            const why = `${res?.status ?? 'network'} ${res?.body?.code ?? ''}`;
            errors.set(why, (errors.get(why) ?? 0) + 1);
          }
        }
      }),
    );
    await Bun.sleep(1000);
    const killedAt = statuses.length;
    await d.nats.nodes[0]!.stop('SIGKILL');
    await Bun.sleep(4000);
    stop = true;
    await Promise.all(loops);
    const after = statuses.slice(killedAt);
    const ok = after.filter((s) => s === 201).length;
    console.log(`NATS node killed: ${after.length} requests after the kill, ${ok} ok, errors: ${JSON.stringify(Object.fromEntries(errors))}`);
    // Service continues: most requests after the kill succeed, and the last ones all do.
    expect(ok).toBeGreaterThan(after.length * 0.9);
    expect(statuses.slice(-20).every((s) => s === 201)).toBe(true);
  }, 90_000);
});
