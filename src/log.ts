/**
 * Structured logs: one JSON object per line on stdout. Lines are buffered and written once
 * per event-loop turn, so a busy server does one write for many requests. Never pass a
 * password, token or personal field.
 */
const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type Level = keyof typeof levels;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

let buffer: string[] = [];
/**
 * Lines held before a write is forced within the same turn: a burst (an import logging per
 * row, a loop that never yields) stays bounded in memory instead of growing until the turn ends.
 */
const maxBuffered = 4096;
let scheduled = false;
let lastMs = 0;
let lastIso = '';

/** The ISO timestamp, made once per millisecond however many lines share it. */
function timestamp(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** Where lines go; the Bun entry points swap in a native buffered writer (see `useSink`). */
let sink: (text: string) => void = (text) => void process.stdout.write(text);

export function useSink(write: (text: string) => void): void {
  sink = write;
}

/** Writes the pending lines in one sink call. Exported for shutdown paths that exit at once. */
export function flush(): void {
  scheduled = false;
  if (buffer.length === 0) return;
  const out = buffer.length === 1 ? buffer[0]! : buffer.join('');
  buffer = [];
  sink(out);
}

export function createLogger(level: Level = 'info', base: Record<string, unknown> = {}): Logger {
  const min = levels[level];
  // The base fields are serialised once; each line adds only its own.
  const baseJson = Object.keys(base).length ? `,${JSON.stringify(base).slice(1, -1)}` : '';
  // The line up to its own fields is the same for every line of one millisecond, level and
  // message (a busy server's access log): it is built once and shared.
  let head = '';
  let headT = '';
  let headLvl = '';
  let headMsg = '';
  const write = (lvl: Exclude<Level, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (levels[lvl] < min) return;
    const t = timestamp();
    if (t !== headT || lvl !== headLvl || msg !== headMsg) {
      head = `{"t":"${t}","level":"${lvl}","msg":${JSON.stringify(msg)}${baseJson}`;
      headT = t;
      headLvl = lvl;
      headMsg = msg;
    }
    const own = fields ? JSON.stringify(fields) : '{}';
    buffer.push(own.length > 2 ? `${head},${own.slice(1)}\n` : `${head}}\n`);
    if (buffer.length >= maxBuffered) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }),
  };
}

// Not every runtime has a process to hook (workerd logs through console instead).
if (typeof process !== 'undefined' && typeof process.on === 'function') process.on('exit', flush);
