/**
 * Which reconstructed socket each log subject (an AFD endpoint, a TCPIP Tcb, a program's SOCKET
 * handle) is. Addresses decide first: a Tcb's `local=`/`remote=` names one connection; an AFD
 * connect names the peer, a bind or listen the local port, an accept both the listener and
 * (through AcceptEndpoint) the accepted socket. Port reuse leaves several candidates, which the
 * aligned clock settles later (resolveByTime). Subjects that never name an address (a
 * program's socket handle) are tied by the events they report (patternTie.ts).
 */
import { compareTimestamps, type Timestamp } from '../capture/timestamp';
import { endpointMatches, parseEndpoint, type Endpoint } from './endpoints';
import type { LogFact, LogSubject, PlacedFact } from './logFact';
import type { LoadedLog } from './loadedLog';
import type { LogTime } from './logRecord';
import type { LogSocket } from './logSockets';
import { anchorOf } from './anchors';

/**
 * How sure a tie is: `exact` both endpoints; `address` one endpoint with one socket having it;
 * `pointer` through another event's pointer (AcceptEndpoint); `time` several sockets had the
 * addresses and the aligned clock chose; `pattern` no address, the reported events matched.
 */
export type TieConfidence = 'exact' | 'address' | 'pointer' | 'time' | 'pattern';

export interface SubjectTie {
  readonly socket: number;
  readonly how: string;
  readonly confidence: TieConfidence;
}

/** A subject of one log with everything its facts say about where it lives. */
export interface SubjectInfo {
  readonly key: string;
  readonly subject: LogSubject;
  readonly facts: PlacedFact[];
  readonly locals: Endpoint[];
  readonly remotes: Endpoint[];
  /** A listener's: the peers of the connections it indicated or accepted (not its own endpoints). */
  readonly peersAccepted: Endpoint[];
  first: LogTime | null;
  last: LogTime | null;
  tie: SubjectTie | null;
  /** Sockets the addresses allow when they allow several (port reuse). */
  candidates: number[];
  /** Why no tie was made, for the user. */
  untied: string;
}

export function subjectKey(s: LogSubject): string {
  return `${s.kind}:${s.id}`;
}

export function subjectText(s: LogSubject): string {
  switch (s.kind) {
    case 'afd': return `AFD endpoint ${s.id}`;
    case 'tcb': return `TCB ${s.id}`;
    case 'socket': return `socket ${s.id}`;
    default: return 'no socket named';
  }
}

/** Groups a log's facts by subject, gathering the endpoints and time span each subject shows. */
export function subjectsOf(log: LoadedLog): Map<string, SubjectInfo> {
  const out = new Map<string, SubjectInfo>();
  const info = (s: LogSubject): SubjectInfo => {
    const key = subjectKey(s);
    let i = out.get(key);
    if (i === undefined) {
      i = { key, subject: s, facts: [], locals: [], remotes: [], peersAccepted: [], first: null, last: null, tie: null, candidates: [], untied: '' };
      out.set(key, i);
    }
    return i;
  };
  for (const pf of log.facts) {
    const f = pf.fact;
    if (f.subject.kind === 'none') continue;
    const i = info(f.subject);
    i.facts.push(pf);
    addEndpoint(i.locals, f.local);
    addEndpoint(f.kind === 'accept' || f.kind === 'connect-indication' ? i.peersAccepted : i.remotes, f.remote);
    const t = log.records[pf.record]!.time;
    if (t !== null) {
      if (i.first === null) i.first = t;
      i.last = t;
    }
    // The accepted socket is known through the accept (tieAccepted), which says how.
    if (f.kind === 'accept' && f.accepted !== undefined) info(f.accepted);
  }
  return out;
}

function addEndpoint(list: Endpoint[], text: string | undefined): void {
  if (text === undefined) return;
  const e = parseEndpoint(text);
  if (e === null || list.some((x) => x.port === e.port && x.address === e.address)) return;
  list.push(e);
}

/** Ties every subject its addresses decide; leaves candidates where several sockets fit. */
export function tieByAddress(subjects: Map<string, SubjectInfo>, sockets: readonly LogSocket[], log: LoadedLog): void {
  for (const info of subjects.values()) {
    if (info.tie !== null) continue;
    const found = byAddresses(info, sockets);
    if (found === null) continue;
    if (found.sockets.length === 1) info.tie = { socket: found.sockets[0]!.id, how: found.how, confidence: found.confidence };
    else {
      info.candidates = found.sockets.map((s) => s.id);
      info.untied = `${found.how} fit ${found.sockets.length} sockets (${found.sockets.map((s) => `s${s.id}`).join(', ')})`;
    }
  }
  tieAccepted(subjects, sockets, log);
  for (const info of subjects.values()) {
    if (info.tie === null && info.peersAccepted.length > 0) tieListener(info, sockets);
    if (info.tie === null && info.untied === '') {
      info.untied = info.locals.length + info.remotes.length + info.peersAccepted.length === 0 ? 'the log names no address for it' : `no socket of the capture has ${endpointsText(info)}`;
    }
  }
}

function endpointsText(info: SubjectInfo): string {
  const parts = [...info.locals.map((e) => `local ${text(e)}`), ...info.remotes.map((e) => `remote ${text(e)}`)];
  return parts.join(' and ');
}

function text(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

function byAddresses(info: SubjectInfo, sockets: readonly LogSocket[]): { sockets: LogSocket[]; how: string; confidence: TieConfidence } | null {
  const local = info.locals.find((e) => e.port !== 0);
  const remote = info.remotes.find((e) => e.port !== 0);
  if (local !== undefined && remote !== undefined) {
    const hits = sockets.filter((s) => s.role !== 'listener' && endpointMatches(local, s.local) && s.peers.some((p) => endpointMatches(remote, p)));
    if (hits.length > 0) return { sockets: hits, how: `local ${text(local)} and remote ${text(remote)}`, confidence: 'exact' };
  }
  if (remote !== undefined) {
    const hits = sockets.filter((s) => s.role !== 'listener' && s.peers.some((p) => endpointMatches(remote, p))
      && (local === undefined || endpointMatches(local, s.local)));
    // A connect names only the peer: the client socket is the one the program opened.
    const clients = hits.filter((s) => s.role === 'client');
    const pick = clients.length > 0 && hasKind(info, 'connect') ? clients : hits;
    if (pick.length > 0) return { sockets: pick, how: `remote ${text(remote)}`, confidence: 'address' };
  }
  if (local !== undefined) {
    const listens = hasKind(info, 'listen') || hasKind(info, 'connect-indication') || hasKind(info, 'accept');
    const order = listens ? ['listener', 'udp', 'client', 'accepted'] : ['udp', 'listener', 'client', 'accepted'];
    for (const role of order) {
      const hits = sockets.filter((s) => s.role === role && endpointMatches(local, s.local));
      if (hits.length > 0) return { sockets: hits, how: `local ${text(local)}`, confidence: 'address' };
    }
  }
  return null;
}

function hasKind(info: SubjectInfo, kind: LogFact['kind']): boolean {
  return info.facts.some((f) => f.fact.kind === kind);
}

/** A listener that indicated connections from peers: the listener of the accepted sockets with those peers. */
function tieListener(info: SubjectInfo, sockets: readonly LogSocket[]): void {
  const listeners = new Set<number>();
  for (const peer of info.peersAccepted) {
    for (const s of sockets) {
      if (s.role === 'accepted' && s.listener !== null && s.remote !== null && endpointMatches(peer, s.remote)) listeners.add(s.listener);
    }
  }
  if (listeners.size === 1) {
    const [id] = listeners;
    info.tie = { socket: id!, how: `indicated connections from ${info.peersAccepted.map(text).join(', ')}`, confidence: 'address' };
  } else if (listeners.size > 1) {
    info.candidates = [...listeners];
    info.untied = `the peers it indicated fit ${listeners.size} listeners`;
  }
}

/**
 * A listener subject whose accepts name peers is the listener of the sockets with those peers;
 * each accept's AcceptEndpoint is the accepted socket with that peer.
 */
function tieAccepted(subjects: Map<string, SubjectInfo>, sockets: readonly LogSocket[], log: LoadedLog): void {
  for (const info of subjects.values()) {
    for (const pf of info.facts) {
      const f = pf.fact;
      if (f.kind !== 'accept' || f.remote === undefined) continue;
      const peer = parseEndpoint(f.remote);
      if (peer === null) continue;
      const accepted = sockets.filter((s) => s.role === 'accepted' && s.remote !== null && endpointMatches(peer, s.remote)
        && (info.tie === null || s.listener === info.tie.socket));
      if (accepted.length !== 1) continue;
      const a = accepted[0]!;
      if (info.tie === null && a.listener !== null) {
        info.tie = { socket: a.listener, how: `accepts the connection from ${text(peer)} (line ${log.records[pf.record]!.line})`, confidence: 'address' };
      }
      if (f.accepted === undefined) continue;
      const target = subjects.get(subjectKey(f.accepted));
      if (target !== undefined && target.tie === null) {
        target.tie = { socket: a.id, how: `AcceptEndpoint of the accept at line ${log.records[pf.record]!.line} (peer ${text(peer)})`, confidence: 'pointer' };
      }
    }
  }
}

/**
 * Settles ties several sockets fit (port reuse; connects that name only a peer several clients
 * share) with the aligned clock. A candidate is scored by how close the subject's anchor events
 * (its connect request to the SYN, its completion to the SYN/ACK, …: anchors.ts) come to that
 * candidate's own happenings; without anchors, by whether its life holds the subject's first
 * time. One socket is one subject of a kind per log: a candidate another subject of the same
 * kind already has is taken only when nothing else fits.
 */
export function resolveByTime(subjects: Map<string, SubjectInfo>, sockets: readonly LogSocket[], toCapture: (t: LogTime) => Timestamp, log: LoadedLog): void {
  const takenBy = new Set<string>();
  for (const i of subjects.values()) if (i.tie !== null) takenBy.add(`${i.subject.kind}:${i.tie.socket}`);
  for (const info of subjects.values()) {
    if (info.tie !== null || info.candidates.length < 2 || info.first === null) continue;
    const scored = info.candidates.map((id) => {
      const s = sockets.find((x) => x.id === id)!;
      return { s, cost: anchorCost(info, s, toCapture, log) ?? lifeDistance(toCapture(info.first!), s) };
    }).sort((a, b) => a.cost - b.cost);
    const free = scored.find((c) => !takenBy.has(`${info.subject.kind}:${c.s.id}`)) ?? scored[0]!;
    takenBy.add(`${info.subject.kind}:${free.s.id}`);
    info.tie = {
      socket: free.s.id,
      how: `${info.untied}; its events come nearest to s${free.s.id}'s on the aligned clock`,
      confidence: 'time',
    };
  }
}

/** Mean distance, seconds, between the subject's anchor events and the candidate's matching happenings; null without anchors. */
function anchorCost(info: SubjectInfo, s: LogSocket, toCapture: (t: LogTime) => Timestamp, log: LoadedLog): number | null {
  let total = 0;
  let n = 0;
  const seen = new Map<string, number>();
  for (const pf of info.facts) {
    const a = anchorOf(pf.fact);
    const t = log.records[pf.record]!.time;
    if (a === null || t === null) continue;
    const k = seen.get(a.kind) ?? 0;
    seen.set(a.kind, k + 1);
    const h = s.byKind.get(a.kind)?.[k];
    // An anchor the candidate lacks counts as far off.
    total += h === undefined ? 3600 : Math.abs(seconds(toCapture(t)) - seconds(h.ts));
    n++;
  }
  return n === 0 ? null : total / n;
}

function lifeDistance(at: Timestamp, s: LogSocket): number {
  const before = compareTimestamps(at, s.first) < 0 ? seconds(s.first) - seconds(at) : 0;
  const after = compareTimestamps(at, s.last) > 0 ? seconds(at) - seconds(s.last) : 0;
  return before + after;
}

function seconds(t: Timestamp): number {
  return t.sec + t.frac / t.unitsPerSec;
}
