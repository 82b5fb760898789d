/**
 * The console formatter of `posbench run` (cucumber.js lists it in place of 'progress').
 * It prints one character per step, as Cucumber's progress formatter does, and for every
 * scenario that did not pass a concise block: the scenario, the failing step, the
 * assertion's message (the oracle's table is part of it), the evidence files of that
 * scenario and the names of its attachments — never the attachments themselves (ISO 8583
 * traces, receipts and timelines stay in the JUnit / HTML / Allure / message reports, which
 * receive everything as before). An undefined step gets the nearest canonical phrasing of
 * the vocabulary instead of a snippet to implement. The summary lines are Cucumber's own.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Formatter, formatterHelpers, Status, type IFormatterOptions } from '@cucumber/cucumber';
import { vocabularyFromLibrary } from '../vocabulary/load';
import { phrasingsOf } from '../vocabulary/render';
import { nearestPhrasings, type Phrasing } from '../vocabulary/suggest';

const PROGRESS: Record<string, string> = {
  [Status.PASSED]: '.',
  [Status.FAILED]: 'F',
  [Status.SKIPPED]: '-',
  [Status.PENDING]: 'P',
  [Status.UNDEFINED]: 'U',
  [Status.AMBIGUOUS]: 'A',
};

/** The attachment the scenario hooks give the oracle's verdict (src/bench/artifacts.ts). */
const ORACLE_ATTACHMENT = 'Oracle.txt';

type TestCaseAttempt = ReturnType<IFormatterOptions['eventDataCollector']['getTestCaseAttempts']>[number];
type ParsedStep = ReturnType<typeof formatterHelpers.parseTestCaseAttempt>['testSteps'][number];
interface Timestamp {
  seconds: number;
  nanos: number;
}

/** The assertion's own message without diff or stack trace (the reports keep the whole error). */
export function conciseMessage(result: { message?: string; exception?: { type: string; message?: string } }): string {
  const own = result.exception?.message;
  if (own) return ['Error', 'AssertionError'].includes(result.exception!.type) ? own : `${result.exception!.type}: ${own}`;
  if (!result.message) return '(no message)';
  const lines = result.message.split('\n');
  const firstStack = lines.findIndex((l) => /^\s+at\s/.test(l));
  return (firstStack === -1 ? lines : lines.slice(0, firstStack)).join('\n').trimEnd();
}

/** Evidence files a run wrote for a scenario: hooks name them after the pickle id. */
export function evidenceFiles(runDir: string, pickleId: string): string[] {
  const dir = join(runDir, 'evidence');
  if (!existsSync(dir)) return [];
  const tag = pickleId.slice(0, 8);
  return readdirSync(dir)
    .filter((f) => f.includes(tag) && f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * The run's report folder (evidence/ is under it): the `runDir` format option when given,
 * else the folder cucumber.js puts the Allure results in, else the plain-`cucumber-js`
 * default reports/dev.
 */
export function runDirOf(formatOptions: Record<string, unknown>): string {
  if (typeof formatOptions.runDir === 'string') return formatOptions.runDir;
  if (typeof formatOptions.resultsDir === 'string') return dirname(formatOptions.resultsDir);
  return join('reports', 'dev');
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

export default class PosbenchConsoleFormatter extends Formatter {
  static override readonly documentation = 'posbench: progress, concise failures with evidence paths, suggestions for undefined steps';
  private readonly runDir: string;
  private phrasings?: Phrasing[];
  private startedAt?: Timestamp;

  constructor(options: IFormatterOptions) {
    super(options);
    this.runDir = runDirOf(options.parsedArgvOptions);
    options.eventBroadcaster.on('envelope', (e: { testRunStarted?: { timestamp: Timestamp }; testStepFinished?: { testStepResult: { status: string } }; testRunFinished?: { timestamp: Timestamp } }) => {
      if (e.testRunStarted) this.startedAt = e.testRunStarted.timestamp;
      else if (e.testStepFinished) {
        const status = e.testStepFinished.testStepResult.status as (typeof Status)[keyof typeof Status];
        this.log(this.colorFns.forStatus(status)(PROGRESS[status] ?? '?'));
      } else if (e.testRunFinished) this.finish(e.testRunFinished.timestamp);
    });
  }

  private suggestions(text: string): string[] {
    try {
      this.phrasings ??= phrasingsOf(vocabularyFromLibrary(this.supportCodeLibrary, this.cwd));
    } catch {
      this.phrasings = []; // a vocabulary out of step with the definitions: the unit tests say so
    }
    return nearestPhrasings(text, this.phrasings).map((s) => s.display);
  }

  private where(loc: { uri: string; line: number } | undefined): string {
    return loc ? this.colorFns.location(`${loc.uri}:${loc.line}`) : '';
  }

  private stepBlock(step: ParsedStep): string {
    const status = step.result.status;
    const color = this.colorFns.forStatus(status);
    const title = step.text !== undefined ? `${step.keyword}${step.text}` : `${step.keyword}${step.name ? ` (${step.name})` : ''} hook`;
    const mark = status === Status.UNDEFINED ? '?' : status === Status.FAILED ? '✖' : status === Status.AMBIGUOUS ? '‼' : '•';
    const lines = [`   ${color(`${mark} ${title.trim()}`)}  ${this.where(step.sourceLocation ?? step.actionLocation)}`];
    if (status === Status.UNDEFINED && step.text !== undefined) {
      const near = this.suggestions(step.text);
      lines.push(`       undefined step${near.length ? ` — did you mean: ${near[0]}` : ''}`);
      for (const n of near.slice(1)) lines.push(`                                or: ${n}`);
      lines.push('       (posbench steps lists the vocabulary; posbench check validates features without a bench)');
    } else {
      lines.push(indent(this.colorFns.errorStack(conciseMessage(step.result)), '       '));
    }
    return lines.join('\n');
  }

  private issueBlock(n: number, attempt: TestCaseAttempt): string {
    const parsed = formatterHelpers.parseTestCaseAttempt({ testCaseAttempt: attempt, snippetBuilder: this.snippetBuilder, supportCodeLibrary: this.supportCodeLibrary });
    const out = [`${n}) Scenario: ${parsed.testCase.name}  ${this.where(parsed.testCase.sourceLocation)}`];
    for (const step of parsed.testSteps) {
      if ([Status.FAILED, Status.UNDEFINED, Status.AMBIGUOUS, Status.PENDING].includes(step.result.status as never)) out.push(this.stepBlock(step));
    }
    // The oracle's verdict, unless a failing step's message already shows its table.
    const oracle = parsed.testSteps.flatMap((s) => s.attachments).find((a) => a.fileName === ORACLE_ATTACHMENT && a.contentEncoding === 'IDENTITY');
    const shown = parsed.testSteps.map((s) => s.result.message ?? '').join('\n');
    if (oracle && oracle.body.startsWith('|') && !shown.includes('| desync | cause |')) out.push(`   oracle\n${indent(oracle.body, '       ')}`);
    const evidence = evidenceFiles(this.runDir, attempt.pickle.id);
    const attachments = parsed.testSteps.flatMap((s) => s.attachments.map((a) => a.fileName ?? a.mediaType));
    out.push(`   evidence     ${evidence.length ? evidence.map((f) => relative(this.cwd, f)).join(', ') : `(none written under ${relative(this.cwd, join(this.runDir, 'evidence')) || '.'})`}`);
    if (attachments.length) {
      out.push(`   attachments  ${attachments.join(', ')}`);
      out.push(`                in ${relative(this.cwd, join(this.runDir, 'cucumber.html'))} and the Allure report`);
    }
    return out.join('\n');
  }

  private finish(finishedAt: Timestamp): void {
    const attempts = this.eventDataCollector.getTestCaseAttempts();
    const issues = attempts.filter((a) => !a.willBeRetried && formatterHelpers.isFailure(a.worstTestStepResult, a.willBeRetried));
    const warnings = attempts.filter((a) => !a.willBeRetried && formatterHelpers.isWarning(a.worstTestStepResult, a.willBeRetried));
    this.log('\n\n');
    for (const [title, list] of [['Failures', issues], ['Warnings', warnings]] as const) {
      if (!list.length) continue;
      this.log(`${title}:\n\n`);
      list.forEach((a, i) => this.log(this.issueBlock(i + 1, a) + '\n\n'));
    }
    for (const u of this.eventDataCollector.undefinedParameterTypes) {
      this.log(`Undefined parameter type {${u.name}} in "${u.expression}"\n\n`);
    }
    const start = this.startedAt ?? finishedAt;
    const nanos = (finishedAt.seconds - start.seconds) * 1e9 + (finishedAt.nanos - start.nanos);
    const testRunDuration = { seconds: Math.floor(nanos / 1e9), nanos: nanos % 1e9 };
    this.log(formatterHelpers.formatSummary({ colorFns: this.colorFns, testCaseAttempts: attempts, testRunDuration }));
  }
}
