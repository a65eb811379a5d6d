import { BlockList, isIP } from 'node:net';

export interface UrlPolicy {
  /**
   * The local stack's allowance: plain `http://` to the machine itself (127.0.0.1, localhost,
   * [::1]), and any address over HTTPS. Deployed, it is off.
   */
  readonly allowLoopback: boolean;
}

/**
 * Addresses a deployed portal must never be made to call: its own machine, private networks,
 * link-local (the instance metadata service lives there), carrier-grade NAT, multicast and the
 * unspecified address, in both families; IPv4-mapped IPv6 addresses are checked as IPv4.
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family !== 6) return false;
  const lower = address.toLowerCase();
  // ::ffff:a.b.c.d, as a resolver may write it; the URL parser writes ::ffff:XXXX:XXXX.
  const dotted = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted?.[1]) return internal.check(dotted[1], 'ipv4');
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mapped?.[1] && mapped[2]) {
    const high = Number.parseInt(mapped[1], 16);
    const low = Number.parseInt(mapped[2], 16);
    return internal.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
  }
  return internal.check(lower, 'ipv6');
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const maxUrlLength = 2_000;

/**
 * Why a webhook URL is refused, or undefined when it is fine. Strict on purpose: the portal
 * will POST signed records' ids to it for a day, so it must be a public HTTPS endpoint.
 */
export function webhookUrlProblem(raw: string, policy: UrlPolicy): string | undefined {
  if (raw.length > maxUrlLength) return `At most ${maxUrlLength} characters.`;
  if (raw.trim() !== raw || /\s/.test(raw)) return 'Must not contain spaces.';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Must be an absolute URL.';
  }
  if (url.username || url.password || /^[a-z+.-]+:\/\/[^/?#]*@/i.test(raw)) {
    return 'Must not contain credentials: the signature authenticates the portal.';
  }
  if (url.hash || raw.includes('#')) return 'Must not have a fragment.';
  const host = url.hostname.toLowerCase();
  const loopback = loopbackHosts.has(host);
  if (url.protocol === 'http:') {
    if (policy.allowLoopback && loopback) return undefined;
    return policy.allowLoopback
      ? 'Must use HTTPS (plain http only to 127.0.0.1 or localhost in the local stack).'
      : 'Must use HTTPS.';
  }
  if (url.protocol !== 'https:') return 'Must use HTTPS.';
  if (policy.allowLoopback) return undefined;
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal) !== 0) {
    return isInternalAddress(literal) ? 'Must not be a private, loopback or link-local address.' : undefined;
  }
  if (host === 'localhost' || host.endsWith('.localhost'))
    return 'Must not be a private, loopback or link-local address.';
  if (!host.includes('.') || host.endsWith('.')) return 'Must name a public host (a domain with a dot).';
  return undefined;
}

/**
 * The name a delivery must resolve, and check, before it connects; undefined for an address
 * literal (checked when the URL was registered) and for the loopback names only the local stack
 * registers. A public name may point anywhere, and may be pointed elsewhere after registration.
 */
export function nameToCheck(raw: string): string | undefined {
  const host = new URL(raw).hostname.toLowerCase();
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal) !== 0 || loopbackHosts.has(host)) return undefined;
  return host;
}
