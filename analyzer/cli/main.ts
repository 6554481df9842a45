import { analyzeCommand } from './analyzeCommand';
import { lintCommand } from './lintCommand';
import { annotateCommand } from './annotateCommand';
import { parseArgs, UsageError } from './args';
import { connectionsCommand } from './connectionsCommand';
import { infoCommand } from './infoCommand';
import { packetsCommand } from './packetsCommand';
import { simulateCommand } from './simulateCommand';
import type { Output } from './output';

export const USAGE = `winsock-replay — what a Winsock event-select program should have seen, from a packet capture

Usage:
  winsock-replay info <capture> [--json]      format, sections, interfaces, packet count, time span, warnings
  winsock-replay packets <capture> [--json]   one line per packet (with --json: one JSON object per line)
  winsock-replay connections <capture> [--local ip[,ip…]] [--json] [--happenings]
                                              one row per TCP connection and UDP flow: endpoints (local
                                              side marked, and the rule that decided it), packets and
                                              bytes each way, start, duration, Zeek conn_state and
                                              history; --json: one object per line with the network
                                              happenings; --happenings: list them under each row
  winsock-replay simulate <scenario.wsr.json> [--profile windows|documented] [--json] [--why]
                                              run a scenario (program calls and network happenings)
                                              through the event model: each call's result, what
                                              WSAEnumNetworkEvents reported, the messages posted (with
                                              lParam), the event object's state; --why: the rule behind
                                              each; steps where the other profile differs say how
  winsock-replay analyze <capture> [--profile windows|documented] [--api WSAEventSelect|WSAAsyncSelect]
                 [--mask FD_READ,FD_WRITE,…] [--app prompt|none|window|log] [--local ip[,ip…]] [--log <file>…]
                 [--json | --markdown]
                                              replay every local socket through the event model: each
                                              WSAEnumNetworkEvents result (or posted message, with
                                              lParam) with its iErrorCode values, the frames that
                                              caused it, the rule, where the other profile differs, and
                                              a diagnosis; --json: schema winsock-replay/analyze@1;
                                              --markdown: for a bug report; --log: compare with ETW
                                              exports or the program's log (--app log: replay with the
                                              program's calls from them)
  winsock-replay annotate <capture> -o <out.pcapng> [the options of analyze but --json/--markdown]
                                              write the capture again as pcapng, identical in packets
                                              and times, with a packet comment on every frame that
                                              caused FD_* events (Wireshark: frame.comment)
  winsock-replay lint <file or folder>… [--include <folder>]… [--sites] [--json]
                                              the WSAEventSelect / WSAAsyncSelect / WSAEnumNetworkEvents
                                              call sites of C and C++ sources (and the WSP twins), their
                                              decoded masks (--sites), and diagnostics with rule ids;
                                              --json: schema winsock-replay/lint@1; exit 1 on a warning
  winsock-replay --help

Exit status: 0 when the capture was read without errors, 1 when it has errors (everything readable
is still printed; the errors go to standard error), 2 for a usage error or an unreadable file.
`;

export const BOOLEAN_FLAGS = new Set(['json', 'help', 'version', 'happenings', 'why', 'markdown', 'color', 'no-color', 'sites']);

/** Runs one command line; returns the exit status. Output goes through `out`/`err` so tests and the extension can capture it. */
export async function main(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  drain: () => Promise<void> = () => Promise.resolve(),
  tty: { readonly out: boolean; readonly err: boolean } = { out: false, err: false },
  outBytes?: (b: Uint8Array) => void,
): Promise<number> {
  const io: Output = { out, err, drain, outIsTTY: tty.out, errIsTTY: tty.err, ...(outBytes !== undefined ? { outBytes } : {}) };
  try {
    const args = parseArgs(argv, BOOLEAN_FLAGS);
    if (args.flags.has('help') || args.command === 'help') {
      out(USAGE);
      return 0;
    }
    if (args.flags.has('version')) {
      out('winsock-replay 0.1.0\n');
      return 0;
    }
    switch (args.command) {
      case 'info': return await infoCommand(args, io);
      case 'packets': return await packetsCommand(args, io);
      case 'connections': return await connectionsCommand(args, io);
      case 'simulate': return await simulateCommand(args, io);
      case 'analyze': return await analyzeCommand(args, io);
      case 'annotate': return await annotateCommand(args, io);
      case 'lint': return await lintCommand(args, io);
      case undefined: throw new UsageError('no command given');
      default: throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`winsock-replay: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      err(`winsock-replay: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}
