import { ConnectionsCollector, type ConnectionsResult } from '../../analyzer/connections/connectionsCollector';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';

/** The connections stage over a whole capture file, as the CLI runs it. */
export async function connectionsOf(path: string, local: string[] | null = null): Promise<ConnectionsResult> {
  const c = new ConnectionsCollector(local);
  await readCaptureFile(path, c, { reuseRecords: true });
  return c.result();
}
