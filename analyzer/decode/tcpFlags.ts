/** TCP flag bits as found in the 12-bit field (the 3 reserved bits above NS are kept too). */
export const TcpFlag = {
  FIN: 0x001,
  SYN: 0x002,
  RST: 0x004,
  PSH: 0x008,
  ACK: 0x010,
  URG: 0x020,
  ECE: 0x040,
  CWR: 0x080,
  /** ECN nonce (RFC 3540, historic); now the AE bit of accurate ECN. */
  NS: 0x100,
} as const;

/**
 * The set flags as letters in tcpdump's order F S R P A U E C ("SA" for SYN+ACK, "FA", "PA").
 * NS and the reserved bits have no letter. Meant for display, so off the per-packet path; the
 * 256 possible strings are built once so it never allocates.
 */
export function tcpFlagLetters(flags: number): string {
  return LETTERS[flags & 0xff];
}

const LETTERS: readonly string[] = buildLetters();

function buildLetters(): string[] {
  const order: readonly [number, string][] = [
    [TcpFlag.FIN, 'F'],
    [TcpFlag.SYN, 'S'],
    [TcpFlag.RST, 'R'],
    [TcpFlag.PSH, 'P'],
    [TcpFlag.ACK, 'A'],
    [TcpFlag.URG, 'U'],
    [TcpFlag.ECE, 'E'],
    [TcpFlag.CWR, 'C'],
  ];
  const out: string[] = [];
  for (let f = 0; f < 256; f++) {
    let s = '';
    for (const [bit, letter] of order) if ((f & bit) !== 0) s += letter;
    out.push(s);
  }
  return out;
}
