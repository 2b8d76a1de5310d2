import { afterAll, describe, expect, test } from 'bun:test';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { startEmbedded } from './support/embedded-target';

const roster = await startEmbedded();
afterAll(() => roster.close());

describe('API description', () => {
  test('/openapi.json is OpenAPI 3.1 and lints clean with Redocly’s recommended rules', async () => {
    const res = await fetch(`${roster.baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const source = await res.text();
    const doc = JSON.parse(source);
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/v1/tenants', '/v1/auth/login', '/v1/employees', '/v1/employees/{id}', '/v1/stream/tickets', '/v1/webhooks']) {
      expect(doc.paths[path]).toBeTruthy();
    }
    expect(doc.webhooks['employee.created']).toBeTruthy();
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    expect(problems.filter((p) => p.severity === 'warn').map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    if (process.env.ROSTER_SHOW_LINT) console.log(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`).join('\n'));
  });

  test('/docs serves Swagger UI from the package, offline', async () => {
    const page = await fetch(`${roster.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/docs/swagger-ui-bundle.js');
    const js = await fetch(`${roster.baseUrl}/docs/swagger-ui-bundle.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(100_000);
  });
});
