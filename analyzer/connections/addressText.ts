import { formatIp, formatIpv4 } from '../decode/address';
import type { IpHeader } from '../decode/types';

/** How many IPv4 addresses are remembered before starting over. */
const LIMIT = 1 << 16;

/**
 * The text of packets' addresses, IPv4 ones remembered: a capture has far fewer hosts than
 * connections, and every connection names two, so most are formatted once. The connections then
 * share one string per host rather than holding a copy each.
 */
export class AddressText {
  private readonly v4 = new Map<number, string>();

  of(ip: IpHeader, which: 'src' | 'dst'): string {
    if (ip.version !== 4) return formatIp(ip, which);
    const a = which === 'src' ? ip.src : ip.dst;
    // Keyed by the signed word: a small integer key, where an address above 2^31 would be boxed.
    const key = a | 0;
    let text = this.v4.get(key);
    if (text === undefined) {
      if (this.v4.size === LIMIT) this.v4.clear();
      text = formatIpv4(a);
      this.v4.set(key, text);
    }
    return text;
  }
}
