import type { LogFact } from './logFact';
import type { LogRecord } from './logRecord';
import { etwFacts } from './etwFacts';
import { PROGRAM_PROVIDER, programFacts } from './programFacts';

/**
 * What a record says about sockets. A record may say several things (a program's line
 * `lNetworkEvents=0x21` reports FD_READ and FD_CLOSE) or nothing (a TCPIP timer event): it is
 * kept in the log lane either way.
 */
export function factsOf(r: LogRecord): LogFact[] {
  return r.provider === PROGRAM_PROVIDER ? programFacts(r) : etwFacts(r);
}
