import dns from 'node:dns';
import ipaddr from 'ipaddr.js';
import { DomainError } from '../common/domain-error';

export const MAX_WEBHOOK_URL_LENGTH = 2000;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (injectable, so tests can make a name resolve anywhere). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: ResolveHost = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export interface UrlPolicy {
  /** WEBHOOK_ALLOW_PRIVATE=1: http: and loopback/private addresses allowed (development, tests). */
  allowPrivate: boolean;
  resolve?: ResolveHost;
}

export interface CheckedUrl {
  url: URL;
  /** The host without IPv6 brackets. */
  host: string;
  /** The address to connect to, checked; the connection is pinned to it (no second DNS answer). */
  pinned: ResolvedAddress;
}

/**
 * Whether an address is a public unicast one. ipaddr.js names every special range (loopback, private,
 * linkLocal — 169.254.169.254, the cloud metadata address, is one — uniqueLocal, carrierGradeNat,
 * unspecified, multicast, reserved, 6to4/teredo tunnels that embed an IPv4 address …); only plain
 * 'unicast' is a public destination. IPv4-mapped IPv6 addresses are judged as the IPv4 address.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

const refuse = (message: string) => DomainError.invalidInput('url', message);

/** Parses the URL and checks its form: https (http only with allowPrivate), no credentials, a host. */
export function parseWebhookUrl(raw: string, policy: UrlPolicy): { url: URL; host: string } {
  if (typeof raw !== 'string' || raw.length > MAX_WEBHOOK_URL_LENGTH) {
    throw refuse(`url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refuse('url is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) {
    throw refuse('url must use https:');
  }
  if (url.username || url.password) throw refuse('url must not carry a user name or password');
  // The WHATWG parser already turned decimal, hex and octal IPv4 forms into dotted quads.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw refuse('url has no host');
  return { url, host };
}

/**
 * Checks a webhook URL and resolves its host (DESIGN.md §7): refused (BAD_USER_INPUT on `url`) unless
 * https and every address it resolves to is public, except with allowPrivate. Called at creation and
 * again before every delivery, whose connection then goes to `pinned` only.
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<CheckedUrl> {
  const { url, host } = parseWebhookUrl(raw, policy);
  let addresses: ResolvedAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    const lower = host.toLowerCase().replace(/\.$/, '');
    if (!policy.allowPrivate && (lower === 'localhost' || lower.endsWith('.localhost'))) {
      throw refuse('url must not point at this machine (localhost)');
    }
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch (err) {
      throw refuse(`url's host ${host} does not resolve (${(err as { code?: string }).code ?? 'DNS error'})`);
    }
    if (!addresses.length) throw refuse(`url's host ${host} does not resolve`);
  }
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) {
      throw refuse(`url resolves to ${bad.address}, a loopback, private, link-local or metadata address`);
    }
  }
  return { url, host, pinned: addresses[0] };
}
