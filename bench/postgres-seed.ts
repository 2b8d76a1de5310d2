import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import type { LocalPostgres } from './postgres-server';

/** The peer's one table: every company's employees, keyed by tenant (bench/postgres-peer.ts reads it). */
export const schema = `
  CREATE TABLE IF NOT EXISTS employees (
    tenant_id text NOT NULL,
    id text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    preferred_name text,
    work_email text NOT NULL,
    job_title text,
    department_id text,
    location_id text,
    manager_id text,
    employment_type text NOT NULL DEFAULT 'full_time',
    hire_date date NOT NULL,
    status text NOT NULL DEFAULT 'active',
    termination_date date,
    external_id text,
    birth_date date,
    address jsonb,
    emergency_contact jsonb,
    custom jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, work_email)
  )`;

/**
 * Fills the peer's database with `count` companies of `perTenant` employees and writes the
 * wrk target file (`token employeeId` lines, like bench/seed.ts's), tokens signed with `secret`.
 */
export async function seedPostgres(pg: LocalPostgres, secret: string, count: number, dir: string, perTenant = 5): Promise<string> {
  const sql = postgres({ host: pg.socketDir, port: pg.port, user: 'bench', database: 'postgres', max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(schema);
    const key = new TextEncoder().encode(secret);
    const lines: string[] = [];
    for (let t = 0; t < count; t++) {
      const tenant = `ten_bench${String(t).padStart(6, '0')}`;
      const token = await new SignJWT({ tid: tenant }).setProtectedHeader({ alg: 'HS256' }).setIssuer('bench').setExpirationTime('2h').sign(key);
      const rows = Array.from({ length: perTenant }, (_, e) => ({
        tenant_id: tenant,
        id: `emp_${String(t).padStart(6, '0')}x${String(e).padStart(6, '0')}`,
        first_name: 'Bench',
        last_name: `Person ${e}`,
        work_email: `p${e}@${tenant}.test`,
        hire_date: '2023-03-01',
      }));
      await sql`INSERT INTO employees ${sql(rows)}`;
      for (const r of rows) lines.push(`${token} ${r.id}`);
    }
    const file = join(dir, 'postgres.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  } finally {
    await sql.end();
  }
}
