import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const password = 'bench-password-1234';

/**
 * Makes `count` companies with an owner and five employees each, and writes the wrk
 * target files: `token employeeId` lines, and `slug email password` lines for logins.
 */
export async function seedTenants(baseUrl: string, count: number, dir: string, perTenant = 5, name = 'employees') {
  const employees: string[] = [];
  const logins: string[] = [];
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const one = async (i: number) => {
    const slug = `bench-${i}-${Date.now().toString(36)}`;
    const email = `owner@${slug}.test`;
    await post('/v1/tenants', { name: `Bench ${i}`, slug, owner: { name: 'Bench Owner', email, password } });
    const { accessToken } = await post('/v1/auth/login', { tenant: slug, email, password });
    for (let e = 0; e < perTenant; e++) {
      const emp = await post(
        '/v1/employees',
        { firstName: 'Bench', lastName: `Person ${e}`, workEmail: `p${e}@${slug}.test`, hireDate: '2023-03-01' },
        accessToken,
      );
      employees.push(`${accessToken} ${emp.id}`);
    }
    logins.push(`${slug} ${email} ${password}`);
  };
  process.stdout.write(`seeding ${count} tenants`);
  for (let i = 0; i < count; i += 4) {
    await Promise.all([i, i + 1, i + 2, i + 3].filter((n) => n < count).map(one));
    if (i % 20 === 0) process.stdout.write('.');
  }
  console.log(' done');
  const files = { employees: join(dir, `${name}.txt`), logins: join(dir, `${name}-logins.txt`) };
  writeFileSync(files.employees, employees.join('\n') + '\n');
  writeFileSync(files.logins, logins.join('\n') + '\n');
  return files;
}
