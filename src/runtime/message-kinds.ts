import { wakeMessage } from '../../actors/core/timers';
import { directoryKind } from '../../actors/directory/directory';
import { tenantMessages } from '../../actors/tenant/kind';

const queries = new Set<string>([
  wakeMessage,
  ...[...tenantMessages, ...directoryKind.messages].filter((m) => m.kind === 'query').map((m) => m.type),
]);

/** Whether a message only reads, so that sending it twice is harmless. */
export const isQuery = (type: string) => queries.has(type);
