import type { CaptureSink, CaptureWarning, InterfaceInfo, PacketRecord } from '../capture/types';
import type { Timestamp } from '../capture/timestamp';
import { ConnectionTracker, type TrackerOptions, type TrackerStats } from './connectionTracker';
import { LocalSides } from './localSides';
import type { ConnectionRecord } from './record';

export interface ConnectionsResult {
  /** In order of first packet. */
  readonly connections: readonly ConnectionRecord[];
  readonly local: LocalSides;
  readonly stats: TrackerStats;
  readonly warnings: readonly CaptureWarning[];
  /** Capture time of the first packet (the origin of relative times); null for an empty capture. */
  readonly firstTs: Timestamp | null;
}

/**
 * A capture sink that runs the connections stage and gathers its output with the evidence for
 * the local-side decision. The decision needs the whole capture (the address common to all
 * connections), so finished connections are kept until the end; callers that only stream
 * (the benchmark) use ConnectionTracker directly. Neither keeps a packet's record, so both can
 * be read with `reuseRecords`.
 */
export class ConnectionsCollector implements CaptureSink {
  private readonly records: ConnectionRecord[] = [];
  private readonly warnings: CaptureWarning[] = [];
  private readonly local: LocalSides;
  private readonly tracker: ConnectionTracker;
  private firstTs: Timestamp | null = null;

  constructor(localAddresses: readonly string[] | null = null, opts: TrackerOptions = {}) {
    this.local = new LocalSides(localAddresses);
    this.tracker = new ConnectionTracker(
      {
        connection: (r) => {
          this.local.see(r.client.address, r.server.address);
          this.records.push(r);
        },
      },
      opts,
    );
  }

  iface(info: InterfaceInfo): void {
    this.local.iface(info);
  }

  packet(p: PacketRecord): void {
    if (this.firstTs === null) this.firstTs = p.ts;
    this.tracker.packet(p);
  }

  warning(w: CaptureWarning): void {
    this.warnings.push(w);
  }

  result(): ConnectionsResult {
    this.tracker.finish();
    this.records.sort((a, b) => a.id - b.id);
    return { connections: this.records, local: this.local, stats: this.tracker.stats, warnings: this.warnings, firstTs: this.firstTs };
  }
}
