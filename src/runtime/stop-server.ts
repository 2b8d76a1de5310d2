/**
 * Stops a Bun server for a restart or a deploy: no new connections, requests in flight get
 * `graceMs` to finish, then what is still open is cut. Push streams never finish by
 * themselves (Bun's graceful stop would wait on an open EventSource for ever); cutting them
 * is safe because every client resumes with Last-Event-ID (or `?since=`) and misses nothing.
 */
export async function stopServer(server: { stop(closeActive?: boolean): Promise<void> | void }, graceMs = 5000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const graceful = Promise.resolve(server.stop(false));
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const outcome = await Promise.race([graceful.then(() => 'done' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') await server.stop(true);
}
