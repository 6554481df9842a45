/** A parsed command line: the subcommand, its positional arguments and its `--flags`. */
export interface ParsedArgs {
  readonly command: string | undefined;
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
  /** Every value of each flag given more than once or not (`--log a --log b`); `flags` holds the last. */
  readonly lists: Map<string, string[]>;
}

export class UsageError extends Error {}

/**
 * Parses `cmd arg… --flag --key value --key=value`. Hand-written because the CLI must run from the
 * same bundle in a worker or the browser where Node's `util.parseArgs` does not exist, and the
 * grammar is this small. `booleans` names the flags that take no value.
 */
export function parseArgs(argv: readonly string[], booleans: ReadonlySet<string>): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const set = (name: string, value: string): void => {
    flags.set(name, value);
    const l = lists.get(name);
    if (l === undefined) lists.set(name, [value]);
    else l.push(value);
  };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (eq >= 0) set(name, a.slice(eq + 1));
      else if (booleans.has(name)) flags.set(name, true);
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`option --${name} needs a value`);
        set(name, value);
        i++;
      }
    } else if (a === '-h') {
      flags.set('help', true);
    } else if (a === '-o') {
      // `annotate … -o out.pcapng`, as tshark and editcap spell it.
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError('option -o needs a file name');
      set('output', value);
      i++;
    } else if (command === undefined) {
      command = a;
    } else {
      positional.push(a);
    }
  }
  return { command, positional, flags, lists };
}
