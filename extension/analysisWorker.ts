/**
 * Entry of dist/analysisWorker.js: runs one analysis (analysisJob.ts) off the extension host's
 * main thread, so a large capture never blocks the editor. One worker per analysis; the host
 * cancels with a message (the job stops between chunks and reports what it read) and, if that
 * does not come back, terminates the worker.
 */

import { parentPort } from 'node:worker_threads';
import { runAnalysis } from './analysisJob';
import type { FromWorker, ToWorker } from './workerProtocol';

const port = parentPort;
if (port === null) throw new Error('analysisWorker.js must run as a worker thread');
const abort = new AbortController();
const post = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
let lastProgress = 0;

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    abort.abort();
    return;
  }
  runAnalysis(m.request, {
    progress: (bytesRead, totalBytes) => {
      // A few progress messages a second are plenty for a progress bar.
      const now = Date.now();
      if (now - lastProgress < 100 && bytesRead < totalBytes) return;
      lastProgress = now;
      post({ type: 'progress', bytesRead, totalBytes });
    },
    sockets: (sockets) => post({ type: 'sockets', sockets }),
  }, abort.signal).then((result) => {
    const i = result.index;
    post({ type: 'done', result }, [i.offset, i.sec, i.frac, i.caplen, i.len, i.iface, i.linkType, i.kindUnit].map((a) => a.buffer as ArrayBuffer));
  }, (e: unknown) => {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  });
});
