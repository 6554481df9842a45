/*
 * Names of ICMP and ICMPv6 error messages, worded as the IANA registries word them, for the
 * messages that quote a datagram (the ones that can be tied to a connection).
 */

const UNREACHABLE_V4: readonly string[] = [
  'network unreachable',
  'host unreachable',
  'protocol unreachable',
  'port unreachable',
  'fragmentation needed',
  'source route failed',
  'destination network unknown',
  'destination host unknown',
  'source host isolated',
  'network administratively prohibited',
  'host administratively prohibited',
  'network unreachable for type of service',
  'host unreachable for type of service',
  'communication administratively prohibited',
  'host precedence violation',
  'precedence cutoff in effect',
];

const UNREACHABLE_V6: readonly string[] = [
  'no route to destination',
  'communication administratively prohibited',
  'beyond scope of source address',
  'address unreachable',
  'port unreachable',
  'source address failed ingress/egress policy',
  'reject route to destination',
  'error in source routing header',
];

/** e.g. "port unreachable", "time exceeded (TTL)", "type 42 code 7" for anything unlisted. */
export function icmpErrorName(version: 4 | 6, type: number, code: number): string {
  if (version === 4) {
    switch (type) {
      case 3: return UNREACHABLE_V4[code] ?? `destination unreachable (code ${code})`;
      case 4: return 'source quench';
      case 5: return 'redirect';
      case 11: return code === 0 ? 'time exceeded (TTL)' : 'time exceeded (reassembly)';
      case 12: return 'parameter problem';
    }
  } else {
    switch (type) {
      case 1: return UNREACHABLE_V6[code] ?? `destination unreachable (code ${code})`;
      case 2: return 'packet too big';
      case 3: return code === 0 ? 'time exceeded (hop limit)' : 'time exceeded (reassembly)';
      case 4: return 'parameter problem';
    }
  }
  return `type ${type} code ${code}`;
}
