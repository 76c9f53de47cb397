import { isIP } from 'node:net';

// Which addresses a redirect or a URL taken from fetched content may reach. Loopback, private,
// link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges
// are "private" here: a feed on the internet must not be able to make us probe the user's machine
// or LAN. The URL parser already folds 0x7f.1, 0177.0.0.1 and 2130706433 into 127.0.0.1; IPv6
// literals, IPv4-mapped and NAT64 forms are unfolded below.

export type AddressClass = 'public' | 'private';

/** Decides whether an IP address counts as public. Tests inject one that treats 127.0.0.2 as public. */
export type AddressClassifier = (address: string) => AddressClass;

type Range = readonly [base: readonly number[], prefixBits: number];

const PRIVATE_V4: readonly Range[] = [
  [[0, 0, 0, 0], 8], // "this network"
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local, cloud metadata
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved and broadcast
];

const PRIVATE_V6: readonly Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128], // ::
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128], // ::1
  [[0xfc], 7], // unique local
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // site-local (deprecated, still routed on some LANs)
  [[0xff], 8], // multicast
];

function inRange(bytes: readonly number[], [base, prefixBits]: Range): boolean {
  for (let bit = 0; bit < prefixBits; bit += 1) {
    const index = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[index] ?? 0) & mask) !== ((base[index] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map((part) => Number(part));
}

/** 16 bytes of an IPv6 address (with or without brackets, embedded IPv4 tail allowed). */
function ipv6Bytes(address: string): number[] {
  let text = address.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    tail = ipv4Bytes(last);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest === undefined ? [] : rest ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : new Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...restGroups].map((group) => parseInt(group, 16));
  const bytes = groups.flatMap((group) => [group >> 8, group & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The default classifier: the real ranges, no exceptions. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.split('%')[0] ?? '');
  if (family === 4) return PRIVATE_V4.some((range) => inRange(ipv4Bytes(bare), range)) ? 'private' : 'public';
  if (family !== 6) return 'private'; // not an address at all: refuse rather than guess
  const bytes = ipv6Bytes(bare);
  const embedsV4 =
    inRange(bytes, [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96]) || // ::ffff:a.b.c.d (mapped)
    inRange(bytes, [[0, 0x64, 0xff, 0x9b], 96]) || // 64:ff9b::a.b.c.d (NAT64)
    (inRange(bytes, [[0], 96]) && !inRange(bytes, [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 120])); // ::a.b.c.d (compatible)
  if (embedsV4) return classifyAddress(bytes.slice(12).join('.'));
  return PRIVATE_V6.some((range) => inRange(bytes, range)) ? 'private' : 'public';
}

/** A classifier that treats the listed addresses as public (the `publicAddresses` test seam). */
export function classifierWithPublic(publicAddresses: readonly string[] | undefined): AddressClassifier {
  if (!publicAddresses?.length) return classifyAddress;
  const allowed = new Set(publicAddresses.map((address) => address.replace(/^\[|\]$/g, '').toLowerCase()));
  return (address) => (allowed.has(address.replace(/^\[|\]$/g, '').toLowerCase()) ? 'public' : classifyAddress(address));
}

/**
 * What the URL's hostname alone says: an IP literal is classified now (literals skip DNS, so a
 * lookup filter never sees them); `localhost` and `*.localhost` are loopback by definition
 * (RFC 6761); any other name is decided when it resolves.
 */
export function classifyHostname(hostname: string, classify: AddressClassifier): AddressClass | 'unresolved' {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare.split('%')[0] ?? '')) return classify(bare);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'private';
  return 'unresolved';
}
