import { FD_EVENTS, type FdEventInfo } from '../model/fdEvents';
import { RULES } from '../model/rules';
import { WSA_ERRORS } from '../model/winsockErrors';

/*
 * What a hover on an FD_* constant or a WSAE* error code says, in Markdown, from the event model
 * (analyzer/model: fdEvents.ts and rules.ts, each fact with its seed or its test on real Windows).
 */

const TRIGGER: Readonly<Record<FdEventInfo['trigger'], string>> = {
  level: 'level-triggered: the re-enabling call records it again while the condition still holds',
  edge: 'edge-triggered: recorded once per change, re-armed by its call',
  write: 'its own rule: recorded on connect (or accept), then only after a send fails with WSAEWOULDBLOCK and space comes back',
  once: 'happens once: no call re-enables it',
};

/** Rule-id prefixes that concern each event (analyzer/model/rules.ts). */
const RULE_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  FD_READ: ['read.', 'level.read', 'reenable.failed-event', 'record.consumed'],
  FD_WRITE: ['write.'],
  FD_OOB: ['oob.', 'level.oob', 'read.oob-inline'],
  FD_ACCEPT: ['accept.', 'level.accept', 'reenable.accept-defer'],
  FD_CONNECT: ['connect.', 'select.persist.connect', 'select.stale.connect-async'],
  FD_CLOSE: ['close.'],
};

/** Per-event meaning of an error, in seed 003's words (LPWSPAsyncSelect, "Event: FD_…"). */
const ERROR_MEANING: Readonly<Record<string, string>> = {
  WSAEAFNOSUPPORT: 'FD_CONNECT: addresses in the specified family cannot be used with this socket',
  WSAECONNREFUSED: 'FD_CONNECT: the attempt to connect was rejected',
  WSAENETUNREACH: 'FD_CONNECT: the network cannot be reached from this host at this time; FD_ROUTING_INTERFACE_CHANGE: the destination is no longer reachable',
  WSAEFAULT: 'FD_CONNECT: the namelen parameter is invalid',
  WSAEINVAL: 'FD_CONNECT: the socket is already bound to an address',
  WSAEISCONN: 'FD_CONNECT: the socket is already connected',
  WSAEMFILE: 'FD_CONNECT: no more file descriptors are available',
  WSAENOBUFS: 'FD_CONNECT: no buffer space is available; the socket cannot be connected',
  WSAENOTCONN: 'FD_CONNECT: the socket is not connected',
  WSAETIMEDOUT: 'FD_CONNECT: the attempt to connect timed out without establishing a connection',
  WSAENETDOWN: 'any event: the network subsystem failed',
  WSAECONNRESET: 'FD_CLOSE: the connection was reset by the remote side',
  WSAECONNABORTED: 'FD_CLOSE: the connection was terminated due to a time-out or other failure',
};

/** The Markdown for an identifier, or null when it is not one the model knows. */
export function hoverMarkdown(word: string): string | null {
  const event = FD_EVENTS.find((e) => e.name === word || `${e.name}_BIT` === word);
  if (event !== undefined) return eventMarkdown(event, word.endsWith('_BIT'));
  if (word === 'FD_ALL_EVENTS') return '**FD_ALL_EVENTS** = 0x3ff: every FD_* event (FD_READ … FD_ADDRESS_LIST_CHANGE). Selecting events a program does not handle still records them.';
  const code = WSA_ERRORS[word];
  if (code !== undefined) return errorMarkdown(word, code);
  return null;
}

function eventMarkdown(e: FdEventInfo, bit: boolean): string {
  const lines = [
    bit ? `**${e.name}_BIT** = ${e.bit}: the index of ${e.name}'s error in \`WSANETWORKEVENTS.iErrorCode\`.` : `**${e.name}** = 0x${(1 << e.bit).toString(16)}: ${e.meaning}.`,
    '',
    e.trigger === 'once' ? `- ${TRIGGER.once}` : `- Re-enabled by: ${e.reenabledBy}; ${TRIGGER[e.trigger]}`,
    `- Errors it can carry (\`iErrorCode[${e.name}_BIT]\`, \`WSAGETSELECTERROR(lParam)\`): ${e.errors.join(', ')}`,
  ];
  const prefixes = RULE_PREFIXES[e.name] ?? [];
  const divergent = [...RULES.values()].filter((r) => r.profile !== 'both' && prefixes.some((p) => r.id.startsWith(p)));
  if (divergent.length > 0) {
    lines.push('', '**Documented vs. real Windows**', '');
    for (const r of divergent) lines.push(`- *${r.profile}* (\`${r.id}\`): ${r.text} — ${r.source}`);
  }
  return lines.join('\n');
}

function errorMarkdown(name: string, code: number): string {
  const events = FD_EVENTS.filter((e) => e.errors.includes(name)).map((e) => e.name);
  const lines = [`**${name}** = ${code}`];
  if (ERROR_MEANING[name] !== undefined) lines.push('', `${ERROR_MEANING[name]} (seed 003).`);
  lines.push('', events.length > 0 ? `Carried by: ${events.join(', ')}.` : 'Not an error any FD_* event carries: a call\'s own failure (WSAGetLastError).');
  const divergent = [...RULES.values()].filter((r) => r.profile !== 'both' && (r.text.includes(name) || (r.divergence ?? '').includes(name)));
  if (divergent.length > 0) {
    lines.push('', '**Documented vs. real Windows**', '');
    for (const r of divergent) lines.push(`- *${r.profile}* (\`${r.id}\`): ${r.text}${r.divergence === undefined ? '' : ` Other profile: ${r.divergence}.`}`);
  }
  return lines.join('\n');
}
