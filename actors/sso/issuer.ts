/**
 * The issuer must be https: the discovery document and the provider's keys arrive over it,
 * and a plain-http issuer lets anyone on the path sign ID tokens. Plain http is allowed
 * only on a loopback address, and only when the operator's test setting says so
 * (ROSTER_SSO_ALLOW_LOOPBACK_HTTP), for a provider running beside the tests.
 */
export function issuerRefusal(issuer: string, allowLoopbackHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'Must be a URL.';
  }
  if (url.username || url.password) return 'Must not carry credentials.';
  if (url.search || url.hash) return 'Must not have a query or fragment.';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowLoopbackHttp && isLoopback(url.hostname)) return undefined;
  return allowLoopbackHttp ? 'Must be https (or http on a loopback address).' : 'Must be https.';
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
