/**
 * The requirements catalogue (docs/requirements.yaml): what firmware is certified against.
 * Loaded and validated here; every problem names the file and the key. The Markdown view
 * (docs/requirements.md) is rendered from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PosbenchError } from '../util/errors';

export interface Requirement {
  /** FAMILY-NN, e.g. REV-01. */
  id: string;
  /** The rule, one sentence. */
  rule: string;
  /** Where the fact comes from: a section of docs/domain.md or docs/desyncs.md. */
  source: string;
}

export class RequirementsError extends PosbenchError {
  constructor(message: string) {
    super('REQUIREMENTS_INVALID', message);
  }
}

export const REQUIREMENT_ID = /^[A-Z]+-\d{2}$/;
/** The tag prefix a scenario names a requirement with: @req:REV-01. */
export const REQ_TAG_PREFIX = '@req:';

export function requirementsFile(root: string): string {
  return join(root, 'docs', 'requirements.yaml');
}

/** Parse and validate the catalogue text; `file` names it in errors. */
export function parseRequirements(text: string, file: string): Requirement[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new RequirementsError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const list = (doc as { requirements?: unknown } | null)?.requirements;
  if (!Array.isArray(list)) throw new RequirementsError(`${file}: wants a top-level key "requirements" holding a list`);
  const seen = new Set<string>();
  return list.map((item: unknown, i) => {
    const where = `${file}: requirements[${i}]`;
    if (!item || typeof item !== 'object') throw new RequirementsError(`${where}: wants a mapping with id, rule, source`);
    const r = item as Record<string, unknown>;
    for (const key of ['id', 'rule', 'source']) {
      if (typeof r[key] !== 'string' || !(r[key] as string).trim()) throw new RequirementsError(`${where}.${key}: missing or not a string`);
    }
    const extra = Object.keys(r).filter((k) => !['id', 'rule', 'source'].includes(k));
    if (extra.length) throw new RequirementsError(`${where}: unknown key ${extra.join(', ')} (keys: id, rule, source)`);
    const id = r.id as string;
    if (!REQUIREMENT_ID.test(id)) throw new RequirementsError(`${where}.id: "${id}" is not FAMILY-NN (e.g. REV-01)`);
    if (seen.has(id)) throw new RequirementsError(`${where}.id: "${id}" appears twice`);
    seen.add(id);
    const source = r.source as string;
    if (!/^docs\/(domain|desyncs|ecr)\.md\b/.test(source)) throw new RequirementsError(`${where}.source: "${source}" must start with docs/domain.md, docs/desyncs.md or docs/ecr.md`);
    return { id, rule: (r.rule as string).trim(), source: source.trim() };
  });
}

export function loadRequirements(root: string): Requirement[] {
  const file = requirementsFile(root);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RequirementsError(`${file}: cannot read the requirements catalogue: ${(e as Error).message}`);
  }
  return parseRequirements(text, 'docs/requirements.yaml');
}

/** The requirement ids a scenario's tags name (inherited Feature and Rule tags included). */
export function requirementTags(tags: readonly string[]): string[] {
  return tags.filter((t) => t.startsWith(REQ_TAG_PREFIX)).map((t) => t.slice(REQ_TAG_PREFIX.length));
}

/** docs/requirements.md: the catalogue as a table, with the scenarios that carry each id. */
export function renderRequirementsMarkdown(reqs: readonly Requirement[], scenarios: ReadonlyMap<string, readonly string[]>): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out = [
    '# Requirements',
    '',
    '<!-- GENERATED from docs/requirements.yaml and the @req tags in features/: run `npm run docs:requirements`. Do not edit by hand. -->',
    '',
    'What posbench certifies terminal firmware against. Every scenario carries at least one',
    '`@req:ID` tag; every `posbench run` writes `reports/<run>/certification.json` and',
    '`certification.html`, giving each requirement a verdict (pass / fail / not-covered) from',
    'the scenarios that carry it. `posbench certify` is the certification run.',
    '',
    '| id | rule | source | scenarios |',
    '|---|---|---|---|',
  ];
  for (const r of reqs) out.push(`| ${r.id} | ${cell(r.rule)} | ${cell(r.source)} | ${scenarios.get(r.id)?.length ?? 0} |`);
  out.push('');
  for (const r of reqs) {
    out.push(`## ${r.id}`, '', r.rule, '', `Source: ${r.source}`, '');
    const names = scenarios.get(r.id) ?? [];
    if (names.length) for (const n of names) out.push(`- ${cell(n)}`);
    else out.push('- (no scenario yet)');
    out.push('');
  }
  return out.join('\n');
}
