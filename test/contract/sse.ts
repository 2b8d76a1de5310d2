/** Reads a Server-Sent Events response the way EventSource would, for the push cases. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: any;
}

export class SseReader {
  private buffer = '';
  /** A read still under way when a wait timed out: the next wait takes it over. */
  private pending: Promise<{ done: boolean; value?: Uint8Array }> | undefined;
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array> & { readMany?: unknown };
  /** True once the server has ended the stream. */
  ended = false;

  constructor(readonly response: Response) {
    this.reader = response.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  }

  /** Events until `count` have arrived or `timeoutMs` passed (comments and heartbeats skipped). */
  async next(count: number, timeoutMs = 3000): Promise<SseEvent[]> {
    const events: SseEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    while (events.length < count && Date.now() < deadline) {
      let sep: number;
      while ((sep = this.buffer.indexOf('\n\n')) >= 0 && events.length < count) {
        const block = this.buffer.slice(0, sep);
        this.buffer = this.buffer.slice(sep + 2);
        const e: SseEvent = { data: undefined };
        for (const line of block.split('\n')) {
          if (line.startsWith(':') || !line) continue;
          const i = line.indexOf(':');
          const field = line.slice(0, i);
          const value = line.slice(i + 1).replace(/^ /, '');
          if (field === 'id') e.id = value;
          else if (field === 'event') e.event = value;
          else if (field === 'data') e.data = JSON.parse(value);
        }
        if (e.data !== undefined) events.push(e);
      }
      if (events.length >= count) break;
      this.pending ??= this.reader.read();
      const chunk = await Promise.race([this.pending, Bun.sleep(Math.max(1, deadline - Date.now())).then(() => undefined)]);
      if (!chunk) break;
      this.pending = undefined;
      if (chunk.done) {
        this.ended = true;
        break;
      }
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
    return events;
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

export async function openStream(baseUrl: string, o: { token?: string; lastEventId?: string; ticket?: string }) {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.lastEventId) headers['last-event-id'] = o.lastEventId;
  const url = `${baseUrl}/v1/stream${o.ticket ? `?ticket=${encodeURIComponent(o.ticket)}` : ''}`;
  const response = await fetch(url, { headers });
  return new SseReader(response);
}
