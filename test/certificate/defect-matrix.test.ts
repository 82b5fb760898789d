/** The defect × requirement matrix of `npm run test:defects`, from certificates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDefectMatrix, formatDefectMatrix, redOf, type DefectRunResult } from '../../src/certificate/defect-matrix';
import type { Certificate, CertifiedScenario } from '../../src/certificate/types';

const sc = (name: string, status: string, failure?: string): CertifiedScenario => ({ name, feature: 'F', uri: `features/${name}.feature`, status, ...(failure ? { failure } : {}), evidence: [] });

function cert(reqs: Array<[id: string, scenarios: CertifiedScenario[]]>): Certificate {
  const requirements = reqs.map(([id, scenarios]) => ({ id, rule: id, source: 'docs/domain.md', scenarios, verdict: scenarios.length === 0 ? 'not-covered' : scenarios.some((s) => s.status === 'FAILED') ? 'fail' : 'pass' }));
  return { requirements, unmapped: [], summary: { scenarios: { total: 3 } } } as unknown as Certificate;
}

const run = (defect: string | null, c?: Certificate): DefectRunResult => ({ defect, exitCode: c ? 0 : 2, seconds: 1, runDir: `reports/defects/${defect ?? 'clean'}/r1`, ...(c ? { certificate: c } : {}) });

test('a scenario red under two requirements counts once; the failed requirements are the broken ones', () => {
  const shared = sc('void', 'FAILED', 'expected 40.00');
  const r = redOf(cert([['OPR-05', [shared]], ['OPR-02', [shared, sc('ok', 'PASSED')]], ['CARD-01', [sc('tap', 'PASSED')]]]));
  assert.deepEqual(r.scenariosRed, [{ uri: 'features/void.feature', name: 'void', status: 'FAILED', failure: 'expected 40.00' }]);
  assert.deepEqual(r.requirementsBroken, ['OPR-02', 'OPR-05']);
});

test('ok only when the clean run is green and every defect turns a scenario red; each failure is named', () => {
  const green = cert([['CARD-01', [sc('tap', 'PASSED')]]]);
  const caught = cert([['CARD-06', [sc('limit', 'FAILED')]]]);
  const good = buildDefectMatrix({ clean: run(null, green), defects: [run('no-contactless-limit', caught)], profile: 'reference', jobs: 2, wallSeconds: 10 });
  assert.equal(good.ok, true);
  assert.deepEqual(good.defects[0], { name: 'no-contactless-limit', class: 'contactless-local-checks', description: good.defects[0]!.description, caught: true, scenarios: 3, scenariosRed: [{ uri: 'features/limit.feature', name: 'limit', status: 'FAILED' }], requirementsBroken: ['CARD-06'], runDir: 'reports/defects/no-contactless-limit/r1', seconds: 1 });
  const text = formatDefectMatrix(good);
  assert.match(text, /^defect\s+class\s+red\s+CARD-06$/m);
  assert.match(text, /^no-contactless-limit\s+contactless-local-checks\s+1\s+x$/m);
  assert.match(text, /^PASSED: clean terminal green \(3 scenarios\); 1 of 1 defects caught/m);

  const bad = buildDefectMatrix({ clean: run(null, caught), defects: [run('void-oldest-sale', green), run('no-paper-check')], profile: 'reference', jobs: 2, wallSeconds: 10 });
  assert.equal(bad.ok, false);
  assert.equal(bad.clean.green, false);
  assert.deepEqual(bad.defects.map((d) => d.caught), [false, false]);
  assert.equal(bad.problems.length, 3);
  assert.match(bad.problems[0]!, /clean terminal turned 1 scenario\(s\) red: features\/limit\.feature: limit/);
  assert.match(bad.problems[1]!, /^void-oldest-sale: no scenario went red/);
  assert.match(bad.problems[2]!, /^no-paper-check: the run wrote no certificate \(exit 2\)/);
  assert.match(formatDefectMatrix(bad), /^void-oldest-sale\s+original-selection\s+NOT CAUGHT/m);

  const cut = buildDefectMatrix({ clean: { ...run(null, green), exitCode: 130 }, defects: [run('no-contactless-limit', caught)], profile: 'reference', jobs: 2, wallSeconds: 10, interrupted: 'interrupted by SIGINT' });
  assert.equal(cut.clean.green, false, 'a clean run cut short is not green, though nothing in it went red');
  assert.deepEqual(cut.problems, ['interrupted by SIGINT: the runs without a certificate were cut short or never started', 'the clean run exited 130 (a certificate that did not pass, or a run cut short)']);
});
