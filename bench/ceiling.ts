/** The ceiling: bare Bun.serve answering constant JSON, as fast as this machine serves HTTP. */
const body = JSON.stringify({ id: 'emp_01jd0000000000000000000000', firstName: 'Grace', lastName: 'Hopper', status: 'active' });
const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: '127.0.0.1',
  async fetch(req) {
    if (req.method !== 'GET') await req.text();
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  },
});
console.log(`listening ${server.port}`);
