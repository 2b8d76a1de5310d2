import { Svcm } from '@nats-io/services';
import type { Config } from '../config';
import { connectNats } from '../nats/connection';
import { gatewayServiceName, serviceName } from '../nats/subjects';

export interface ProcessStatus {
  role: 'worker' | 'gateway';
  id: string;
  version: string;
  draining?: boolean;
  leases?: number;
  resident?: number;
  mailboxDepth?: number;
  activations?: number;
  passivations?: number;
  inFlight?: number;
  actors?: string[];
}

/**
 * `roster status`: finds every live worker and gateway through the NATS services API
 * (`$SRV.INFO`), asks each for its status, and prints a table: the actors a worker holds,
 * its mailbox depth, activations, version; a gateway's calls in flight.
 */
export async function collectStatus(config: Config): Promise<ProcessStatus[]> {
  const nc = await connectNats(config, 'roster-status');
  try {
    const svc = new Svcm(nc as never).client({ strategy: 'stall', maxWait: 1000 });
    const found: ProcessStatus[] = [];
    for (const name of [serviceName, gatewayServiceName]) {
      for await (const info of await svc.info(name)) {
        const subject = info.endpoints.find((e) => e.name === 'status')?.subject;
        if (!subject) continue;
        const reply = await nc.request(subject, '', { timeout: 2000 }).catch(() => undefined);
        if (reply) found.push(JSON.parse(new TextDecoder().decode(reply.data)) as ProcessStatus);
      }
    }
    return found.sort((a, b) => a.role.localeCompare(b.role) || a.id.localeCompare(b.id));
  } finally {
    await nc.close();
  }
}

export async function printStatus(config: Config, out: (line: string) => void = console.log): Promise<void> {
  const all = await collectStatus(config);
  const workers = all.filter((p) => p.role === 'worker');
  const gateways = all.filter((p) => p.role === 'gateway');
  out(`NATS ${config.ROSTER_NATS_URL}: ${workers.length} worker(s), ${gateways.length} gateway(s)`);
  out('role     id                              version  actors  leases  mailbox  in-flight  state');
  for (const p of all) {
    out(
      [
        p.role.padEnd(9),
        p.id.padEnd(32),
        p.version.padEnd(9),
        String(p.resident ?? '-').padStart(6),
        String(p.leases ?? '-').padStart(7),
        String(p.mailboxDepth ?? '-').padStart(8),
        String(p.inFlight ?? '-').padStart(10),
        `  ${p.draining ? 'draining' : 'serving'}`,
      ].join(''),
    );
    for (const actor of (p.actors ?? []).slice(0, 20)) out(`    ${actor}`);
    if ((p.actors?.length ?? 0) > 20) out(`    … ${p.actors!.length - 20} more`);
  }
}
