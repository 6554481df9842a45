/**
 * The conformance suite: every `*.wsr.json` in test/model/conformance is a scenario with its
 * expected outcome per step, written by hand from the seeds and sources it cites (`sources`).
 * `expect.both` must hold under both profiles with no divergence noted; `expect.windows` and
 * `expect.documented` each under its profile, and a step where the two differ must carry a
 * divergence note under each (and one where they agree must not).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseScenario } from '../../analyzer/model/scenario';
import { simulate } from '../../analyzer/model/simulate';
import type { ProfileName } from '../../analyzer/model/profile';
import { compactOutcome, namesLParam, normaliseExpectation } from './expectation';

const DIR = join(__dirname, 'conformance');

interface ConformanceFile {
  title?: string;
  sources?: string[];
  expect?: Partial<Record<ProfileName | 'both', string[]>>;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.wsr.json')).sort();

describe('event model conformance', () => {
  it('has scenarios', () => assert.ok(files.length >= 40, `only ${files.length} conformance scenarios`));
  for (const f of files) {
    const text = readFileSync(join(DIR, f), 'utf8');
    const raw = JSON.parse(text) as ConformanceFile;
    describe(f.replace(/\.wsr\.json$/, ''), () => {
      it('says what it tests and where the expectation comes from', () => {
        assert.ok(typeof raw.title === 'string' && raw.title.length > 0, 'title');
        assert.ok(Array.isArray(raw.sources) && raw.sources.length > 0, 'sources');
        assert.ok(raw.expect !== undefined, 'expect');
      });
      const scenario = parseScenario(text, f);
      const expect = raw.expect ?? {};
      const profiles: ProfileName[] = expect.both !== undefined ? ['documented', 'windows'] : (['documented', 'windows'] as const).filter((p) => expect[p] !== undefined);
      for (const profile of profiles) {
        it(profile, () => {
          const lines = expect.both ?? expect[profile]!;
          const sim = simulate(scenario, profile);
          assert.equal(lines.length, sim.steps.length, `${lines.length} expectations for ${sim.steps.length} steps`);
          sim.steps.forEach((s, i) => {
            const want = normaliseExpectation(lines[i]!);
            const got = compactOutcome(s, namesLParam(want));
            assert.equal(got, want, `step ${s.step} ${s.label}\n${s.why.map((w) => `  ${w.rule}: ${w.what} ${w.event ?? ''}`).join('\n')}`);
          });
          const other = expect.both ?? expect[profile === 'windows' ? 'documented' : 'windows'];
          if (other === undefined) return;
          sim.steps.forEach((s, i) => {
            const differs = normaliseExpectation(other[i]!).replace(/@0x[0-9a-f]+/g, '') !== normaliseExpectation(lines[i]!).replace(/@0x[0-9a-f]+/g, '');
            assert.equal(s.divergence !== undefined, differs, `step ${s.step} ${s.label}: divergence note ${differs ? 'missing' : `unexpected: ${s.divergence}`}`);
          });
        });
      }
    });
  }
});
