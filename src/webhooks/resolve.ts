import { lookup } from 'node:dns/promises';

/** Every address a host name resolves to, for the webhook dispatcher's private-network check. */
export const resolveHost = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);
