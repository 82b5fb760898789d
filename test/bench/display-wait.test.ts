import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bench } from '../../src/bench/bench';
import { loadProfile } from '../../src/bench/profile';

test('waiting for a display that a finished transaction never showed leaves no timer behind', async () => {
  const bench = await Bench.start({ profile: loadProfile('reference'), scenario: 'display wait' });
  try {
    const shown = await bench.displayShows('NEVER SHOWN', Promise.resolve(), 20000);
    assert.equal(shown, false);
  } finally {
    await bench.stop();
  }
  await new Promise((r) => setTimeout(r, 100));
  const timers = process.getActiveResourcesInfo().filter((x) => x === 'Timeout');
  assert.deepEqual(timers, [], 'a 20 s wait timer outlived the wait (and the bench)');
});
