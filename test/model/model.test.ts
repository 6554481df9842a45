/** Unit tests of the event model's parts: constants, rules, scenario parsing, simulate's report. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FD_ALL_EVENTS, FD_EVENTS, fdNamesOf, formatMask, makeSelectReply, selectError, selectEvent } from '../../analyzer/model/fdEvents';
import { PROFILES } from '../../analyzer/model/profile';
import { RULES } from '../../analyzer/model/rules';
import { parseScenario, ScenarioError } from '../../analyzer/model/scenario';
import { simulate, SimulationError } from '../../analyzer/model/simulate';
import { wsaCode, wsaName } from '../../analyzer/model/winsockErrors';

describe('FD constants', () => {
  it('bits and masks as winsock2.h defines them', () => {
    assert.deepEqual(FD_EVENTS.map((e) => [e.name, 1 << e.bit]), [
      ['FD_READ', 0x1], ['FD_WRITE', 0x2], ['FD_OOB', 0x4], ['FD_ACCEPT', 0x8], ['FD_CONNECT', 0x10], ['FD_CLOSE', 0x20],
      ['FD_QOS', 0x40], ['FD_GROUP_QOS', 0x80], ['FD_ROUTING_INTERFACE_CHANGE', 0x100], ['FD_ADDRESS_LIST_CHANGE', 0x200],
    ]);
    assert.equal(FD_ALL_EVENTS, 0x3ff);
    assert.equal(formatMask(0x21), 'FD_READ|FD_CLOSE (0x21)');
    assert.equal(formatMask(0), '0');
    assert.deepEqual(fdNamesOf(0x18), ['FD_ACCEPT', 'FD_CONNECT']);
  });
  it('WSAMAKESELECTREPLY puts the error in the high word, and the macros take it apart', () => {
    // 10061 = 0x274d (WSAECONNREFUSED), FD_CONNECT = 0x10.
    assert.equal(makeSelectReply(0x10, 10061), 0x274d0010);
    assert.equal(makeSelectReply(0x20, 0), 0x20);
    assert.equal(selectEvent(0x27450020), 0x20);
    assert.equal(selectError(0x27450020), 10053);
  });
  it('Winsock error codes by name and back', () => {
    assert.equal(wsaCode('WSAEWOULDBLOCK'), 10035);
    assert.equal(wsaCode('WSAECONNABORTED'), 10053);
    assert.equal(wsaCode('WSATRY_AGAIN'), 11002);
    assert.equal(wsaName(10054), 'WSAECONNRESET');
    assert.equal(wsaName(12345), '12345');
    assert.throws(() => wsaCode('WSAEBOGUS'));
  });
});

describe('rules', () => {
  const model = readFileSync(join(__dirname, '../../analyzer/model/eventModel.ts'), 'utf8');
  it('every rule is applied somewhere in the model, and every rule the model applies exists', () => {
    const used = new Set([...model.matchAll(/'([a-z]+\.[a-z.-]+)'/g)].map((m) => m[1]!));
    for (const id of RULES.keys()) assert.ok(used.has(id), `rule ${id} is never applied`);
    for (const id of used) assert.ok(RULES.has(id), `the model applies ${id}, which is not in the catalogue`);
  });
  it('a rule of one profile says how the other differs; every rule cites its source', () => {
    for (const r of RULES.values()) {
      assert.ok(r.source.length > 10, r.id);
      if (r.profile !== 'both') assert.ok(r.divergence !== undefined && r.divergence.length > 10, `${r.id} has no divergence line`);
    }
  });
  it('the two profiles differ in every switch', () => {
    const d = PROFILES.documented as unknown as Record<string, unknown>;
    const w = PROFILES.windows as unknown as Record<string, unknown>;
    for (const k of Object.keys(d)) assert.notEqual(d[k], w[k], k);
  });
});

describe('scenario parsing', () => {
  const bad = (scenario: unknown, message: RegExp): void => {
    assert.throws(() => parseScenario(scenario, 'x.wsr.json'), (e: unknown) => e instanceof ScenarioError && message.test(e.message));
  };
  it('names the step and the field at fault', () => {
    bad({ steps: [{ app: 'select', mask: ['FD_READ'] }, { app: 'recv', bytes: -1 }] }, /x\.wsr\.json: step 2 \(recv\): "bytes" must be a whole number ≥ 1; got -1/);
    bad({ steps: [{ app: 'select', mask: ['FD_REED'] }] }, /step 1 \(select\): "mask" has "FD_REED", which is not an FD_\* event/);
    bad({ steps: [{ net: 'peer-sends' }] }, /step 1 \(peer-sends\): "bytes" must be a whole number/);
    bad({ steps: [{ app: 'recv', colour: 1 }] }, /step 1 \(recv\): unknown field "colour"/);
    bad({ steps: [{ app: 'recv', net: 'peer-fin' }] }, /step 1 needs exactly one of "app" and "net"/);
    bad({ steps: [{ net: 'connect-refused', error: 'WSAECONNRESET' }] }, /"error" \(the errors FD_CONNECT may carry\) must be one of/);
    bad({ steps: [{ app: 'send', bytes: 10, result: 'WSAEBOGUS' }] }, /"result" must be "ok", "partial" or a Winsock error name/);
    bad({ profile: 'linux', steps: [] }, /"profile" must be "windows" or "documented"/);
    bad({ socket: 'raw', steps: [] }, /"socket" must be one of/);
    bad({ api: 'WSAAsyncSelect', layer: 'san', steps: [] }, /SAN provider is driven by the switch through WSPEventSelect/);
    bad({ layer: 'san', steps: [{ app: 'enum', result: 'WSAEINPROGRESS' }] }, /never fails WSPEnumNetworkEvents with WSAEINPROGRESS/);
    bad({ layer: 'san', steps: [{ net: 'connect-refused', error: 'WSAEAFNOSUPPORT' }] }, /from a SAN provider, seed 001/);
    bad('{"steps": [', /x\.wsr\.json: not valid JSON/);
  });
  it('fills the defaults the format gives', () => {
    const s = parseScenario({ steps: [{ app: 'recv' }, { net: 'peer-sends-oob' }] });
    assert.deepEqual([s.api, s.profile, s.layer, s.socket, s.options.SO_OOBINLINE], ['WSAEventSelect', 'windows', 'api', 'tcp', false]);
    assert.deepEqual(s.steps[0], { on: 's', app: 'recv', bytes: 'all', peek: false, oob: false });
    assert.deepEqual(s.steps[1], { on: 's', net: 'peer-sends-oob', bytes: 1 });
  });
});

describe('simulate', () => {
  it('refuses a step the socket\'s state makes impossible, naming it', () => {
    const s = parseScenario({ socket: 'udp', steps: [{ net: 'datagram', bytes: 10 }] });
    assert.throws(() => simulate(s), (e: unknown) => e instanceof SimulationError && /step 1 \(datagram\): socket s is not bound/.test(e.message));
    const blocking = parseScenario({ steps: [{ app: 'select', mask: ['FD_CONNECT'] }, { app: 'connect', blocking: true }] });
    assert.throws(() => simulate(blocking), /step 2 \(connect\): "blocking": true, but socket s is non-blocking/);
  });
  it('names the calls as the user\'s layer does: WSP* and WPUPostMessage at the SPI level', () => {
    const spi = simulate(parseScenario({ layer: 'spi', api: 'WSAAsyncSelect', socket: 'tcp-accepted', steps: [{ app: 'select', mask: ['FD_READ', 'FD_CLOSE'] }, { app: 'recv' }] }));
    assert.equal(spi.steps[0]!.label, 'WSPAsyncSelect(s, hWnd, WM_SOCKET, FD_READ|FD_CLOSE (0x21))');
    assert.equal(spi.steps[1]!.label, 'WSPRecv(s, all)');
    const api = simulate(parseScenario({ socket: 'tcp-accepted', steps: [{ app: 'enum', event: null }] }));
    assert.equal(api.steps[0]!.label, 'WSAEnumNetworkEvents(s, NULL)');
  });
  it('explains each event with its rule, and notes the other profile where it differs', () => {
    const sim = simulate(parseScenario({ socket: 'tcp-accepted', steps: [{ app: 'select', mask: ['FD_CLOSE'] }, { net: 'peer-rst' }, { app: 'enum' }] }), 'windows');
    const recorded = sim.steps[1]!.why.find((w) => w.what === 'recorded')!;
    assert.deepEqual([recorded.event, recorded.error, recorded.rule], ['FD_CLOSE', 'WSAECONNABORTED', 'close.reset-aborted']);
    assert.equal(sim.steps[1]!.divergence, undefined, 'the event is set in both profiles at the RST');
    assert.match(sim.steps[2]!.divergence!, /^documented profile: ok, FD_CLOSE\(WSAECONNRESET\), event not set \(documented: FD_CLOSE carries WSAECONNRESET\)$/);
  });
});
