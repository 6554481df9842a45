import type { PacketRecord } from '../../analyzer/capture/types';
import { prng } from '../capture/harness';
import { ipv4TcpFrame } from '../helpers/captureBuilder';
import { packetRecord } from '../../analyzer/capture/packetRecord';

/*
 * Seeded, messy TCP traffic for differential tests of the connections stage: a few hosts and
 * ports (so 4-tuples get reused), handshakes with and without options, data with holes,
 * retransmissions and reordering, zero windows, urgent data, RSTs in and out of the window,
 * FINs, SYN retries, stray segments, and now and then a long silence (so connections are let
 * go while others go on, and the tracker's objects are reused). Every packet is a new record.
 */

const WS = new Uint8Array([0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07]); // MSS 1460, NOP, WS 7

interface Conn {
  cport: number;
  server: string;
  client: string;
  cseq: number;
  sseq: number;
  step: number;
}

export function randomTraffic(seed: number, packets: number, startSec = 1_000_000, net = 0): PacketRecord[] {
  const r = prng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const out: PacketRecord[] = [];
  let t = 0; // µs
  const open: Conn[] = [];
  const push = (c: Conn, fromClient: boolean, flags: string, seq: number, ack: number, len: number, extra: { win?: number; urgent?: number; opts?: Uint8Array } = {}): void => {
    const data = ipv4TcpFrame({
      src: fromClient ? c.client : c.server, dst: fromClient ? c.server : c.client,
      sport: fromClient ? c.cport : 80, dport: fromClient ? 80 : c.cport,
      seq: seq >>> 0, ack: ack >>> 0, flags, win: extra.win ?? (r() < 0.05 ? 0 : 1 + int(65535)),
      ...(extra.urgent !== undefined ? { urgent: extra.urgent } : {}),
      ...(extra.opts ? { tcpOptions: extra.opts } : {}),
      ...(len > 0 ? { payload: new Uint8Array(len).fill(0x41 + (out.length % 26)) } : {}),
    });
    t += r() < 0.01 ? 30_000_000 + int(400_000_000) : 1 + int(20_000);
    const ts = { sec: startSec + Math.floor(t / 1e6), frac: t % 1e6, unitsPerSec: 1e6 };
    out.push(packetRecord(out.length + 1, 0, 'pcap', 0, 1, ts, data.length, data.length, data));
  };
  while (out.length < packets) {
    if (open.length < 6 || r() < 0.05) {
      open.push({
        cport: 50000 + int(4), client: `10.${net}.0.${1 + int(2)}`, server: `10.${net}.1.${1 + int(2)}`,
        cseq: r() < 0.1 ? 0xffffff00 + int(200) : int(2 ** 32), sseq: int(2 ** 32), step: r() < 0.15 ? 3 : 0,
      });
    }
    const k = int(open.length);
    const c = open[k]!;
    const x = r();
    if (c.step === 0) {
      push(c, true, 'S', c.cseq, 0, 0, r() < 0.5 ? { opts: WS } : {});
      if (r() < 0.8) c.step = 1;
    } else if (c.step === 1) {
      if (x < 0.1) push(c, false, 'RA', 0, c.cseq + 1, 0);
      else push(c, false, 'SA', c.sseq, c.cseq + 1, 0, r() < 0.5 ? { opts: WS } : {});
      c.step = x < 0.1 ? 9 : 2;
    } else if (c.step === 2) {
      push(c, true, 'A', c.cseq + 1, c.sseq + 1, 0);
      c.step = 3;
      c.cseq += 1;
      c.sseq += 1;
    } else if (c.step < 9) {
      const fromClient = r() < 0.5;
      const len = r() < 0.4 ? 0 : 1 + int(1500);
      const back = r() < 0.1 ? int(3000) : 0;
      const ahead = r() < 0.05 ? int(3000) : 0;
      const seq = (fromClient ? c.cseq : c.sseq) - back + ahead;
      const ack = (fromClient ? c.sseq : c.cseq) - (r() < 0.1 ? int(2000) : 0) + (r() < 0.03 ? int(5000) : 0);
      if (x < 0.02) {
        push(c, fromClient, r() < 0.5 ? 'R' : 'RA', seq + (r() < 0.5 ? int(100000) : 0), ack, 0);
        if (r() < 0.5) c.step = 9;
      } else if (x < 0.06) {
        push(c, fromClient, 'FA', seq, ack, len);
        if (fromClient) c.cseq += len + 1;
        else c.sseq += len + 1;
        c.step++;
      } else if (x < 0.08) {
        push(c, fromClient, 'PAU', seq, ack, len, { urgent: 1 + int(len + 2) });
        if (fromClient) c.cseq += len;
        else c.sseq += len;
      } else if (x < 0.09) {
        push(c, !fromClient, 'S', fromClient ? c.sseq : c.cseq, 0, 0);
      } else {
        push(c, fromClient, len > 0 ? 'PA' : 'A', seq, ack, len);
        if (back === 0 && ahead === 0) {
          if (fromClient) c.cseq += len;
          else c.sseq += len;
        }
      }
      if (c.step >= 5 && r() < 0.5) c.step = 9;
    } else {
      if (x < 0.3) push(c, r() < 0.5, 'A', c.cseq, c.sseq, 0);
      open.splice(k, 1);
    }
  }
  return out;
}
