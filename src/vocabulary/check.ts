/**
 * A dry run of features without a bench: parse every feature with Cucumber's Gherkin
 * parser, match every step against the loaded step definitions, and validate every argument
 * with the vocabulary's own parameter types and step checks (card names against the card
 * catalog, desync and cause names, terminal settings as the terminal parses them, profile
 * names). Each problem names file:line, what is wrong and what would fit.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { parameterSpec, type Amount } from './parameters';
import { phrasingsOf } from './render';
import { editDistance, nearestPhrasings } from './suggest';
import { VocabularyError } from './types';
import type { Vocabulary } from './load';
import { REQ_TAG_PREFIX, requirementTags } from '../certificate/requirements';

/** A @req:ID tag whose id is not in the catalogue: the problem, with the nearest ids. */
function unknownRequirement(tag: string, known: readonly string[]): { message: string; hints: string[] } | undefined {
  const id = tag.slice(REQ_TAG_PREFIX.length);
  if (known.includes(id)) return undefined;
  const near = known.filter((k) => editDistance(k, id) <= 2 || k.split('-')[0] === id.split('-')[0]).slice(0, 5);
  return { message: `tag ${tag} names no requirement of docs/requirements.yaml`, hints: near.length ? [`did you mean ${near.map((n) => REQ_TAG_PREFIX + n).join(', ')}?`] : [`known ids: ${known.join(', ')}`] };
}

export interface CheckProblem {
  file: string;
  line: number;
  /** What is wrong, e.g. `undefined step "When the issuer approve all transactions"`. */
  message: string;
  /** The step as written (keyword and text), when the problem is in one. */
  step?: string;
  /** What would fit: the nearest phrasings, the known names. */
  hints: string[];
}

export interface CheckReport {
  files: number;
  scenarios: number;
  steps: number;
  problems: CheckProblem[];
}

export interface CheckOptions {
  /** Project root: file names in problems are relative to it. */
  root: string;
  /** The profile's currency: an amount naming another currency is a problem. */
  currency?: string;
  /**
   * The requirement ids of docs/requirements.yaml: when given, a scenario without an
   * @req:ID tag (its own or its Feature's) and a tag naming an unknown id are problems.
   */
  requirements?: readonly string[];
}

/** Feature files under the given paths (folders searched recursively). A missing path is a problem. */
export function featureFiles(paths: readonly string[], problems: CheckProblem[], root: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name));
    } else if (p.endsWith('.feature')) out.push(p);
  };
  for (const p of paths) {
    if (!existsSync(p)) {
      problems.push({ file: relative(root, p) || p, line: 0, message: 'no such file or folder', hints: [] });
      continue;
    }
    walk(p);
  }
  return out;
}

type Envelope = ReturnType<typeof generateMessages>[number];
type GherkinDocument = NonNullable<Envelope['gherkinDocument']>;
type Pickle = NonNullable<Envelope['pickle']>;

interface AstIndex {
  lines: Map<string, number>;
  keywords: Map<string, string>;
  tags: { name: string; line: number }[];
}

/** Line of every step and example row by AST node id, and every tag written in the document. */
function indexDocument(doc: GherkinDocument): AstIndex {
  const lines = new Map<string, number>();
  const keywords = new Map<string, string>();
  const tags: { name: string; line: number }[] = [];
  const addTags = (ts: readonly { name: string; location: { line: number } }[] | undefined) => ts?.forEach((t) => tags.push({ name: t.name, line: t.location.line }));
  type Children = NonNullable<GherkinDocument['feature']>['children'];
  const visit = (children: Children) => {
    for (const c of children) {
      const block = c.background ?? c.scenario;
      if (block) {
        for (const s of block.steps) {
          lines.set(s.id, s.location.line);
          keywords.set(s.id, s.keyword.trim());
        }
      }
      if (c.scenario) {
        lines.set(c.scenario.id, c.scenario.location.line);
        addTags(c.scenario.tags);
        for (const ex of c.scenario.examples) {
          addTags(ex.tags);
          for (const row of ex.tableBody) lines.set(row.id, row.location.line);
        }
      }
      if (c.rule) {
        addTags(c.rule.tags);
        visit(c.rule.children as Children);
      }
    }
  };
  if (doc.feature) {
    addTags(doc.feature.tags);
    visit(doc.feature.children);
  }
  return { lines, keywords, tags };
}

export function checkFeatures(paths: readonly string[], vocabulary: Vocabulary, opts: CheckOptions): CheckReport {
  const problems: CheckProblem[] = [];
  const files = featureFiles(paths, problems, opts.root);
  const phrasings = phrasingsOf(vocabulary);
  const knownTags = vocabulary.tags.map((t) => t.tag);
  let scenarios = 0;
  let steps = 0;
  let id = 0;
  for (const path of files) {
    const file = relative(opts.root, path) || path;
    const seen = new Set<string>();
    const report = (line: number, message: string, hints: string[] = [], step?: string) => {
      const key = `${line}\n${message}\n${step}`;
      if (seen.has(key)) return;
      seen.add(key);
      problems.push({ file, line, message, hints, ...(step ? { step } : {}) });
    };
    const envelopes = generateMessages(readFileSync(path, 'utf8'), file, 'text/x.cucumber.gherkin+plain' as never, {
      includeGherkinDocument: true,
      includePickles: true,
      newId: () => String(id++),
    });
    let index: AstIndex = { lines: new Map(), keywords: new Map(), tags: [] };
    const pickles: Pickle[] = [];
    for (const e of envelopes) {
      if (e.parseError) report(e.parseError.source.location?.line ?? 0, `not valid Gherkin: ${e.parseError.message.replace(/^\(\d+:\d+\): /, '')}`);
      if (e.gherkinDocument) index = indexDocument(e.gherkinDocument);
      if (e.pickle) pickles.push(e.pickle);
    }
    for (const t of index.tags) {
      if (opts.requirements && t.name.startsWith(REQ_TAG_PREFIX)) {
        const problem = unknownRequirement(t.name, opts.requirements);
        if (problem) report(t.line, problem.message, problem.hints);
        continue;
      }
      if (knownTags.includes(t.name)) continue;
      const near = knownTags.find((k) => k.toLowerCase() === t.name.toLowerCase() || (k.length > 3 && editDistance(k, t.name) <= 1));
      if (near) report(t.line, `unknown tag ${t.name}`, [`did you mean ${near}? (${vocabulary.tags.find((x) => x.tag === near)!.description})`]);
    }
    scenarios += pickles.length;
    for (const pickle of pickles) {
      if (opts.requirements && requirementTags(pickle.tags.map((t) => t.name)).length === 0) {
        report(index.lines.get(pickle.astNodeIds[0]!) ?? 0, `scenario "${pickle.name}" names no requirement`, [`tag it (or its Feature) with @req:ID, an id of docs/requirements.yaml, e.g. @req:${opts.requirements[0] ?? 'REV-01'}`]);
      }
      for (const ps of pickle.steps) {
        steps++;
        const line = index.lines.get(ps.astNodeIds[0]!) ?? 0;
        const row = ps.astNodeIds[1] ? index.lines.get(ps.astNodeIds[1]) : undefined;
        const where = row ? ` (examples row at line ${row})` : '';
        const written = `${index.keywords.get(ps.astNodeIds[0]!) ?? ''} ${ps.text}`.trim();
        const hintsOf = (e: unknown) => ((e as VocabularyError).hint ? [(e as VocabularyError).hint!] : []);
        const matching = vocabulary.steps.filter((s) => s.matches(ps.text));
        if (matching.length === 0) {
          const near = nearestPhrasings(ps.text, phrasings);
          report(line, `undefined step${where}`, near.map((n, i) => `${i === 0 ? 'did you mean' : '          or'}: ${n.display}`), written);
          continue;
        }
        if (matching.length > 1) {
          report(line, `ambiguous step${where}`, matching.map((m) => `matches ${m.keyword} ${m.phrasing ?? m.expression} (${m.uri})`), written);
          continue;
        }
        const step = matching[0]!;
        if (ps.argument && !(step.docString && ps.argument.docString)) {
          const what = ps.argument.dataTable ? 'a data table' : 'a doc string';
          report(line, `this step takes no ${what.slice(2)}, but ${what} follows it${where}`, [], written);
        } else if (step.docString && !ps.argument) {
          report(line, `this step reads the doc string below it, and none follows it${where}`, ['write the text between two lines of """ under the step'], written);
        }
        const args = step.args(ps.text);
        for (const a of args) {
          const spec = parameterSpec(a.type);
          if (!spec) continue;
          try {
            const value = spec.transform(a.text);
            const amount = value as Amount;
            if (spec.name === 'amount' && opts.currency && amount.currency && amount.currency !== opts.currency) {
              throw new VocabularyError(`amount ${a.text} is in ${amount.currency}`, `this bench works in ${opts.currency}: write ${amount.text} or ${amount.text} ${opts.currency}`);
            }
          } catch (e) {
            report(line, `${(e as Error).message}${where}`, hintsOf(e), written);
          }
        }
        if (step.check) {
          try {
            step.check(args.map((a) => (parameterSpec(a.type) ? a.text : String(a.value()))));
          } catch (e) {
            report(line, `${(e as Error).message}${where}`, hintsOf(e), written);
          }
        }
      }
    }
  }
  return { files: files.length, scenarios, steps, problems };
}

/** The report as a person reads it: one block per problem, then a summary line. */
export function formatCheckReport(r: CheckReport): string {
  const out: string[] = [];
  for (const p of r.problems) {
    out.push(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    if (p.step) out.push(`    step: ${p.step}`);
    for (const h of p.hints) out.push(`    ${h}`);
  }
  const counts = `${r.files} feature file(s), ${r.scenarios} scenario(s), ${r.steps} step(s)`;
  out.push(r.problems.length ? `posbench check: ${r.problems.length} problem(s) in ${counts}` : `posbench check: ${counts}, no problems`);
  return out.join('\n') + '\n';
}
