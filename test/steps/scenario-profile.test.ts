/**
 * The @pty tag: a scenario runs on the PTY profile when the run's profile is all
 * in-process, and the run's profile is kept otherwise — never silently overridden.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PTY_PROFILE, scenarioProfile } from '../../steps/scenario-profile';

describe('scenario profile (@pty tag)', () => {
  it('an untagged scenario runs on the run profile', () => {
    assert.deepEqual(scenarioProfile('reference', ['@purchase']), { name: 'reference', switched: false, reason: "the run's profile reference" });
  });

  it('@pty on the all-in-process reference profile runs on reference-pty, and says why', () => {
    const p = scenarioProfile('reference', ['@purchase', '@pty']);
    assert.equal(p.name, PTY_PROFILE);
    assert.equal(p.switched, true);
    assert.match(p.reason, /@pty: the run's profile reference is all in-process \(mock links\), so this scenario runs on reference-pty/);
  });

  it('@pty keeps a profile that already has PTY links or a real bench', () => {
    const pty = scenarioProfile('reference-pty', ['@pty']);
    assert.equal(pty.name, 'reference-pty');
    assert.equal(pty.switched, false);
    assert.match(pty.reason, /already has a process terminal with pty\/pty links, so it is kept/);
    const real = scenarioProfile('example-real-bench', ['@pty']);
    assert.equal(real.name, 'example-real-bench');
    assert.equal(real.switched, false);
  });
});
