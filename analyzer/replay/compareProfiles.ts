import { formatSeconds } from '../capture/timestamp';
import type { ProfileName } from '../model/profile';
import { rule } from '../model/rules';
import { wsaName } from '../model/winsockErrors';
import type { ProfileOnlyEvent, TimelineEvent } from './timeline';

function eventText(e: Pick<TimelineEvent, 'event' | 'error'>): string {
  return e.error === 0 ? e.event : `${e.event}(${wsaName(e.error)})`;
}

/** The one line that says why the profiles differ here: a profile-specific rule's divergence text. */
function reason(ids: readonly string[], other: ProfileName): string {
  for (const id of ids) {
    const r = rule(id);
    if (r.profile === 'both') continue;
    if (r.profile === other) return r.text;
    if (r.divergence !== undefined) return r.divergence.replace(/^(documented|windows): /, '');
  }
  return '';
}

function framesText(frames: readonly number[]): string {
  return frames.length === 0 ? '' : ` (frame ${frames.join(', ')})`;
}

/**
 * Sets `divergence` on each event of `mine` whose counterpart in the other profile's run of the
 * same socket differs (another error, another moment, or none), and returns what only the other
 * profile reports.
 */
export function compareProfiles(
  mine: TimelineEvent[],
  theirs: readonly TimelineEvent[],
  other: ProfileName,
  rulesAt: (step: number) => readonly string[],
): ProfileOnlyEvent[] {
  const used = new Array<boolean>(theirs.length).fill(false);
  for (const m of mine) {
    // FD_CONNECT and FD_CLOSE happen once per connection, so the other profile's is the same
    // event even at another moment; the others are the same event only at the same step.
    const once = m.event === 'FD_CONNECT' || m.event === 'FD_CLOSE';
    let match = -1;
    for (let i = 0; i < theirs.length; i++) {
      if (used[i] || theirs[i]!.event !== m.event) continue;
      if (theirs[i]!.step === m.step) {
        match = i;
        break;
      }
      if (once && match < 0) match = i;
    }
    // The rules are looked up only for a divergence: most events match exactly.
    const ids = (): string[] => [m.rule, ...rulesAt(m.step)];
    if (match < 0) {
      m.divergence = `${other}: not reported${tail(reason(ids(), other))}`;
      continue;
    }
    const t = theirs[match]!;
    used[match] = true;
    if (t.step === m.step) {
      if (t.error !== m.error) m.divergence = `${other}: ${eventText(t)}${tail(reason([m.rule, t.rule, ...ids()], other))}`;
      continue;
    }
    m.divergence = `${other}: reported ${t.step > m.step ? 'later' : 'earlier'}, at ${formatSeconds(t.ts)}${framesText(t.frames)}` +
      `${t.error !== m.error ? ` as ${eventText(t)}` : ''}${tail(reason([m.rule, t.rule, ...ids(), ...rulesAt(t.step)], other))}`;
  }
  const only: ProfileOnlyEvent[] = [];
  theirs.forEach((t, i) => {
    if (used[i]) return;
    only.push({ ts: t.ts, frames: t.frames, text: `${other} also reports ${eventText(t)}${tail(reason([t.rule, ...rulesAt(t.step)], other))}` });
  });
  return only;
}

function tail(why: string): string {
  return why === '' ? '' : ` — ${why}`;
}
