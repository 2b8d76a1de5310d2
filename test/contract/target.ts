/**
 * A running Roster the contract suite can talk to, in whichever mode. The suite only ever
 * speaks HTTP to `baseUrl`; `notes` lets a mode say why a case cannot apply to it.
 */
export interface Target {
  mode: 'embedded' | 'distributed' | 'cloudflare';
  baseUrl: string;
  /** Every edge of the mode when it runs more than one (the distributed mode's gateways); else just baseUrl. */
  baseUrls?: string[];
  close(): Promise<void>;
  /** Cases this mode cannot run, by name, with the reason (shown as the skip reason). */
  unsupported?: Record<string, string>;
}

export type TargetRef = () => Target;
