/**
 * The vocabulary as Cucumber sees it: the step definitions loaded with Cucumber's own
 * support-code loader (the same `cucumber.js` configuration a run uses), joined with their
 * metadata from steps/vocabulary.ts. Nothing starts: loading support code only defines
 * steps, hooks and parameter types.
 */
import { join, relative } from 'node:path';
import { loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import { PARAMETER_TYPES } from './parameters';
import { VocabularyError, type StepDoc, type TagDoc, type VocabularyModule } from './types';

/** One step definition with what it means. */
export interface VocabularyStep extends StepDoc {
  /** The definition's file (relative to the project) and line. */
  uri: string;
  line: number;
  /** Does the definition match this step text? */
  matches(text: string): boolean;
  /** The arguments Cucumber would pass, each with its parameter type name ('' for a regexp group). */
  args(text: string): { type: string; text: string; value(): unknown }[];
}

export interface Vocabulary {
  sections: VocabularyModule['SECTIONS'];
  /** The regexps of the project's parameter types, as Cucumber registered them. */
  parameterRegexps: ReadonlyMap<string, readonly string[]>;
  steps: VocabularyStep[];
  tags: readonly TagDoc[];
}

/** A definition without metadata, or metadata without a definition. */
export class VocabularyDriftError extends VocabularyError {}

const CUCUMBER_BUILT_IN_TYPES = ['int', 'float', 'word', 'string', 'double', 'bigdecimal', 'byte', 'short', 'long', 'biginteger'];

const cache = new Map<string, Promise<Vocabulary>>();

interface LoadedDefinition {
  pattern: string | RegExp;
  keyword: string;
  uri: string;
  line: number;
  matchesStepName(text: string): boolean;
  expression: { match(text: string): readonly { group: { value?: string }; parameterType: { name?: string }; getValue(world: unknown): unknown }[] | null };
}

function expressionText(pattern: string | RegExp): string {
  return typeof pattern === 'string' ? pattern : pattern.toString();
}

/**
 * Load the project's step definitions and their metadata. Throws VocabularyDriftError when
 * the two disagree. Cached per project root: Cucumber's loader defines each file once per process.
 */
export function loadVocabulary(root: string): Promise<Vocabulary> {
  let p = cache.get(root);
  if (!p) {
    p = load(root);
    cache.set(root, p);
  }
  return p;
}

async function load(root: string): Promise<Vocabulary> {
  return vocabularyFromLibrary(await loadSupportLibrary(root), root);
}

const libraries = new Map<string, Promise<unknown>>();

/**
 * The project's support code as Cucumber loads it for a run (step definitions, parameter
 * types, the World class), once per process and root: a second load would find the step
 * files already required and define nothing. `posbench explore` runs steps through it.
 */
export function loadSupportLibrary(root: string): Promise<unknown> {
  let p = libraries.get(root);
  if (!p) {
    const env = { cwd: root, stdout: process.stdout, stderr: process.stderr, env: process.env };
    p = loadConfiguration({ file: 'cucumber.js', provided: { format: [] } }, env).then(({ runConfiguration }) => loadSupport(runConfiguration, env));
    libraries.set(root, p);
  }
  return p;
}

/** The steps/vocabulary.ts module of the project at `root`. */
export function vocabularyModule(root: string): VocabularyModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(root, 'steps', 'vocabulary.ts')) as VocabularyModule;
}

/**
 * Join the step definitions of a support-code library Cucumber has already loaded (in a run,
 * a formatter gets it) with the project's metadata.
 */
export function vocabularyFromLibrary(library: unknown, root: string, meta: VocabularyModule = vocabularyModule(root)): Vocabulary {
  const docs = new Map(meta.STEP_DOCS.map((d) => [d.expression, d]));
  const steps: VocabularyStep[] = [];
  const undocumented: string[] = [];
  for (const sd of (library as { stepDefinitions: LoadedDefinition[] }).stepDefinitions) {
    const expression = expressionText(sd.pattern);
    const doc = docs.get(expression);
    const uri = relative(root, join(root, sd.uri));
    if (!doc) {
      undocumented.push(`${uri}:${sd.line} ${expression}`);
      continue;
    }
    docs.delete(expression);
    steps.push({
      ...doc,
      uri,
      line: sd.line,
      matches: (text) => sd.matchesStepName(text),
      args: (text) =>
        (sd.expression.match(text) ?? []).map((a) => ({
          type: a.parameterType.name ?? '',
          text: a.group.value ?? '',
          value: () => a.getValue(undefined),
        })),
    });
  }
  const problems = [
    ...undocumented.map((u) => `step definition without an entry in steps/vocabulary.ts: ${u}`),
    ...[...docs.keys()].map((e) => `steps/vocabulary.ts describes "${e}", which no step definition has`),
  ];
  if (problems.length) throw new VocabularyDriftError(problems.join('\n'));
  const registered = (library as { parameterTypeRegistry: { parameterTypes: Iterable<{ name?: string; regexpStrings: readonly string[]; builtin?: boolean }> } }).parameterTypeRegistry.parameterTypes;
  const parameterRegexps = new Map<string, readonly string[]>();
  for (const t of registered) {
    if (!t.name || CUCUMBER_BUILT_IN_TYPES.includes(t.name)) continue;
    if (PARAMETER_TYPES.some((p) => p.name === t.name)) parameterRegexps.set(t.name, t.regexpStrings);
    else problems.push(`parameter type {${t.name}} has no meaning and validation in src/vocabulary/parameters.ts`);
  }
  for (const p of PARAMETER_TYPES) {
    if (!parameterRegexps.has(p.name)) problems.push(`parameter type {${p.name}} of src/vocabulary/parameters.ts is not defined in steps/parameters.ts`);
  }
  if (problems.length) throw new VocabularyDriftError(problems.join('\n'));
  const order = new Map(meta.SECTIONS.map((s, i) => [s.title, i]));
  for (const s of steps) {
    if (!order.has(s.section)) throw new VocabularyDriftError(`steps/vocabulary.ts: "${s.expression}" is in unknown section "${s.section}"`);
  }
  return { sections: meta.SECTIONS, parameterRegexps, steps, tags: meta.TAG_DOCS };
}
