import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvidenceTimeline } from '../../src/evidence/timeline';

test('an unbounded timeline keeps every event, numbered from 1', () => {
  const t = new EvidenceTimeline();
  for (let i = 0; i < 50; i++) t.record({ source: 'bench', kind: 'x', summary: `e${i}` });
  assert.equal(t.all().length, 50);
  assert.equal(t.lastSeq, 50);
  assert.equal(t.dropped, 0);
  assert.deepEqual(t.all().map((e) => e.seq), Array.from({ length: 50 }, (_, i) => i + 1));
});

test('a retaining timeline keeps the newest events and every pinned one, in order; seq and listeners see every event', () => {
  const t = new EvidenceTimeline(undefined, { retain: 10, pin: (e) => e.kind === 'inject' });
  const heard: number[] = [];
  t.onEvent((e) => heard.push(e.seq));
  for (let i = 1; i <= 100; i++) t.record({ source: i === 7 || i === 42 ? 'step' : 'bench', kind: i === 7 || i === 42 ? 'inject' : 'x', summary: `e${i}` });
  assert.equal(t.lastSeq, 100);
  assert.equal(heard.length, 100);
  const seqs = t.all().map((e) => e.seq);
  // Never more than half as many again as `retain` unpinned events; the newest 10 always there.
  assert.ok(seqs.length <= 10 + 5 + 2, `holds ${seqs.length}`);
  for (let s = 91; s <= 100; s++) assert.ok(seqs.includes(s), `newest event ${s} kept`);
  assert.ok(seqs.includes(7) && seqs.includes(42), 'pinned events kept');
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  assert.equal(t.dropped, 100 - seqs.length);
});
