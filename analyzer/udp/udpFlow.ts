import type { Timestamp } from '../capture/timestamp';
import type { PacketRecord } from '../capture/types';
import type { DecodedPacket } from '../decode/types';
import type { End, Happening, IcmpErrorInfo } from '../connections/happenings';
import { addInterface, emptyStats, type ConnectionRecord, type DirectionStats, type EndpointInfo } from '../connections/record';
import { ZeekUdpConnection } from '../tcp/zeekConnState';

/**
 * One UDP flow (a 4-tuple): datagrams each way and the ICMP errors that quote them. The client is
 * the end that sent the first datagram seen. UDP has no connection, so the flow ends when the
 * capture does or when it stays silent long enough for the tracker to let it go.
 */
export class UdpFlow {
  readonly happenings: Happening[] = [];
  readonly toServer: DirectionStats = emptyStats();
  readonly toClient: DirectionStats = emptyStats();
  private readonly zeek = new ZeekUdpConnection();
  lastFrame: number;
  end: Timestamp;
  lastAt: number;

  constructor(
    readonly id: number,
    readonly ipVersion: 4 | 6,
    readonly client: EndpointInfo,
    readonly server: EndpointInfo,
    readonly firstFrame: number,
    readonly start: Timestamp,
    startAt: number,
    readonly reusedPort: boolean,
  ) {
    this.lastFrame = firstFrame;
    this.end = start;
    this.lastAt = startAt;
  }

  packet(fromClient: boolean, p: PacketRecord, d: DecodedPacket, at: number): void {
    const udp = d.udp!;
    const ip = d.ip!;
    const sender = fromClient ? this.client : this.server;
    const s = fromClient ? this.toServer : this.toClient;
    this.lastFrame = p.n;
    this.end = p.ts;
    this.lastAt = at;
    const ipLength = ip.headerLength + ip.payloadWireLength;
    const payload = Math.max(0, udp.payloadWireLength);
    s.packets++;
    s.frameBytes += p.len;
    s.ipBytes += ipLength;
    s.payloadBytes += payload;
    s.streamBytes += payload;
    if (p.direction === 'outbound') sender.outboundFlagged++;
    else if (p.direction === 'inbound') sender.inboundFlagged++;
    addInterface(sender, p.iface);
    if (sender.ttl < 0) sender.ttl = ip.ttl;
    this.zeek.packet({ fromA: fromClient, ts: at, payloadLength: payload, ipLength, srcPort: udp.srcPort, dstPort: udp.dstPort });
    this.happenings.push({ kind: 'datagram', at: fromClient ? 'server' : 'client', ts: p.ts, frame: p.n, bytes: payload });
  }

  /** An ICMP error quoting a datagram that `fromClient`'s end sent. */
  icmpError(fromClient: boolean, info: IcmpErrorInfo, frame: number, ts: Timestamp, at: number): void {
    this.lastFrame = frame;
    this.end = ts;
    this.lastAt = at;
    const at_: End = fromClient ? 'client' : 'server';
    this.happenings.push({ kind: 'peer-unreachable', at: at_, ts, frame, icmp: info });
  }

  record(): ConnectionRecord {
    const z = this.zeek.result();
    return {
      id: this.id,
      protocol: 'udp',
      ipVersion: this.ipVersion,
      client: this.client,
      server: this.server,
      roleRule: 'first-packet',
      firstFrame: this.firstFrame,
      lastFrame: this.lastFrame,
      start: this.start,
      end: this.end,
      partial: false,
      reusedPort: this.reusedPort,
      toServer: this.toServer,
      toClient: this.toClient,
      zeek: { connState: z.connState, history: z.history, origIsClient: z.origIsA, origBytes: z.origBytes, respBytes: z.respBytes },
      happenings: this.happenings,
      notes: [],
    };
  }
}
