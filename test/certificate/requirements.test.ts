/** The requirements catalogue: valid, cited, every scenario tagged with known ids, docs/requirements.md current. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/util/project-root';
import { loadRequirements, parseRequirements, requirementTags, RequirementsError } from '../../src/certificate/requirements';
import { requirementsMarkdown } from '../../src/certificate/requirements-doc';
import { featureScenarios } from '../../src/certificate/scenarios';

test('every scenario in features/ carries at least one @req tag, and every tag names a requirement of the catalogue', () => {
  const ids = new Set(loadRequirements(PROJECT_ROOT).map((r) => r.id));
  const scenarios = featureScenarios(PROJECT_ROOT);
  assert.ok(scenarios.length >= 49, `only ${scenarios.length} scenarios found`);
  const untagged = scenarios.filter((s) => requirementTags(s.tags).length === 0).map((s) => `${s.uri}: ${s.name}`);
  assert.deepEqual(untagged, [], 'scenarios without an @req:ID tag');
  const unknown = scenarios.flatMap((s) => requirementTags(s.tags).filter((id) => !ids.has(id)).map((id) => `${s.uri}: ${s.name}: @req:${id}`));
  assert.deepEqual(unknown, [], 'tags naming no requirement of docs/requirements.yaml');
});

test('every requirement cites a section that exists in docs/domain.md or docs/desyncs.md', () => {
  const domain = readFileSync(join(PROJECT_ROOT, 'docs', 'domain.md'), 'utf8');
  const desyncs = readFileSync(join(PROJECT_ROOT, 'docs', 'desyncs.md'), 'utf8');
  const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#+\s*/, ''));
  const domainSections = headings(domain).map((h) => h.split(' ')[0]!).filter((h) => h.startsWith('§'));
  const desyncSections = headings(desyncs);
  for (const r of loadRequirements(PROJECT_ROOT)) {
    for (const m of r.source.matchAll(/§[\d.]+/g)) assert.ok(domainSections.includes(m[0]), `${r.id}: ${m[0]} is not a section of docs/domain.md`);
    const d = /docs\/desyncs\.md ([A-Z][a-z]+(?: [a-z]+)*)/.exec(r.source);
    if (d) assert.ok(desyncSections.includes(d[1]!), `${r.id}: "${d[1]}" is not a section of docs/desyncs.md`);
  }
});

test('a bad catalogue is refused naming the file and the key', () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => parseRequirements(text, 'r.yaml'), (e: Error) => e instanceof RequirementsError && re.test(e.message));
  bad('nope: 1', /r\.yaml: wants a top-level key "requirements"/);
  bad('requirements:\n  - { id: REV-01, rule: r }', /r\.yaml: requirements\[0\]\.source: missing/);
  bad('requirements:\n  - { id: rev1, rule: r, source: docs/domain.md §1 }', /requirements\[0\]\.id: "rev1" is not FAMILY-NN/);
  bad('requirements:\n  - { id: REV-01, rule: r, source: docs/domain.md §1 }\n  - { id: REV-01, rule: r, source: docs/domain.md §1 }', /requirements\[1\]\.id: "REV-01" appears twice/);
  bad('requirements:\n  - { id: REV-01, rule: r, source: somewhere }', /requirements\[0\]\.source: "somewhere" must start with docs\/domain\.md/);
  bad('requirements:\n  - { id: REV-01, rule: r, source: docs/domain.md, owner: x }', /requirements\[0\]: unknown key owner/);
});

test('docs/requirements.md is what `npm run docs:requirements` generates today', () => {
  const actual = readFileSync(join(PROJECT_ROOT, 'docs', 'requirements.md'), 'utf8');
  assert.ok(actual === requirementsMarkdown(PROJECT_ROOT), 'docs/requirements.md is out of date with docs/requirements.yaml or the @req tags: run `npm run docs:requirements` and commit the result');
});
