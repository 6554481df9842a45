/**
 * The Zeek settings that `zeekConnState.ts` depends on, with the values a stock `zeek -C -r
 * capture.pcap` has: the base scripts (`base/init-default.zeek`) loaded, no `local.zeek`, no
 * `redef`s. Read from zeek/zeek at commit a13de64fbbdb (August 2026); file names are cited so a
 * later Zeek can be checked against them.
 */

/**
 * `likely_server_ports` (declared in `scripts/base/init-bare.zeek`) starts empty and is filled by
 * every `Analyzer::register_for_ports` / `PacketAnalyzer::register_for_ports` call in a base
 * script (`scripts/base/frameworks/analyzer/main.zeek`, `scripts/base/packet-protocols/main.zeek`
 * add their `server_ports` argument). The singular `register_for_port` (used by Spicy analyzers,
 * `scripts/base/frameworks/spicy/init-framework.zeek`) and the `non_server_ports` argument (DHCP's
 * 68/udp, QUIC's DNS-over-QUIC ports) do not add to it, so those ports are absent here.
 */
const TCP_SERVER_PORTS: readonly number[] = [
  21, 2811, // ftp
  22, // ssh
  25, 587, // smtp
  53, // dns
  79, // finger
  80, 81, 631, 1080, 3128, 8000, 8080, 8888, // http (1080 also socks)
  88, // krb (tcp_ports)
  135, // dce-rpc
  139, 445, // smb
  143, // imap
  389, 3268, // ldap
  443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223, // ssl
  502, // modbus
  514, // syslog (tcp_ports)
  1434, 3306, // mysql
  1883, // mqtt
  3389, // rdp
  5222, 5269, // xmpp
  5432, // postgresql
  6379, // redis
  6666, 6667, 6668, 6669, // irc
  20000, // dnp3
];

const UDP_SERVER_PORTS: readonly number[] = [
  53, 137, 5353, 5355, // dns
  67, 4011, // dhcp server_ports
  88, // krb
  123, // ntp
  161, 162, // snmp
  389, // ldap
  443, // quic and dtls
  514, // syslog
  1812, // radius
  3389, // rdp (rdpeudp)
  5060, // sip
  20000, // dnp3
  // Tunnel packet analyzers (scripts/base/packet-protocols/*/main.zeek).
  2123, 2152, // gtpv1
  3544, // teredo
  4754, // gre over udp
  4789, // vxlan
  5072, // ayiya
  6081, // geneve
];

function portTable(ports: readonly number[]): Uint8Array {
  const t = new Uint8Array(65536);
  for (const p of ports) t[p] = 1;
  return t;
}

const TCP_LIKELY = portTable(TCP_SERVER_PORTS);
const UDP_LIKELY = portTable(UDP_SERVER_PORTS);

/** `IPBasedAnalyzer::IsLikelyServerPort` for TCP (the set is kept per transport). */
export function isLikelyTcpServerPort(port: number): boolean {
  return port >= 0 && TCP_LIKELY[port & 0xffff] === 1;
}

/** `IPBasedAnalyzer::IsLikelyServerPort` for UDP. */
export function isLikelyUdpServerPort(port: number): boolean {
  return port >= 0 && UDP_LIKELY[port & 0xffff] === 1;
}

/** Seconds, from `scripts/base/init-bare.zeek`. */
export const ZeekTimeouts = {
  /** `tcp_attempt_delay`: a SYN with no answer is given up after this. */
  tcpAttemptDelay: 5,
  /** `tcp_close_delay`: a closed connection is removed this long after its last packet. */
  tcpCloseDelay: 5,
  /** `tcp_inactivity_timeout`, once either side is past the handshake states. */
  tcpInactivity: 300,
  /**
   * `udp_inactivity_timeout`. `TCPAnalyzer::MakeSessionAdapter` (packet_analysis/protocol/tcp/TCP.cc)
   * gives a new TCP connection this one too, until its handshake completes.
   */
  udpInactivity: 60,
  /** `Conn::port_inactivity_timeouts` (`scripts/base/protocols/conn/inactivity.zeek`). */
  interactiveInactivity: 3600,
} as const;

/** The ports of `Conn::port_inactivity_timeouts` (21, 22, 23, 513 /tcp → 1 h). */
export function isInteractiveTcpPort(port: number): boolean {
  return port === 21 || port === 22 || port === 23 || port === 513;
}

/** `TOO_LARGE_SEQ_DELTA` in `TCPSessionAdapter.cc`. */
export const TOO_LARGE_SEQ_DELTA = 1048576;

/** `tcp_max_above_hole_without_any_acks` and `tcp_max_initial_window`. */
export const TCP_MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS = 16384;
export const TCP_MAX_INITIAL_WINDOW = 16384;
/** `tcp_excessive_data_without_further_acks`. */
export const TCP_EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS = 10 * 1024 * 1024;
