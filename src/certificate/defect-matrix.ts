/**
 * The defect × requirement matrix of `npm run test:defects` (defect-runs.ts): from the
 * certificate of the clean run and of one run per seeded defect (src/terminal/defects.ts),
 * which scenarios each defect turned red and which requirements they broke. The suite
 * passes only when the clean run has no red scenario and every defect has at least one.
 */
import type { Certificate } from './types';
import { DEFECTS, isFirmwareDefect } from '../terminal/defects';

export const DEFECT_MATRIX_FORMAT = 'posbench-defects-matrix/1';

export interface RedScenario {
  uri: string;
  name: string;
  status: string;
  /** The first line of the failure. */
  failure?: string;
}

/** One run of the certification suite: the clean terminal (defect null) or one defect. */
export interface DefectRunResult {
  defect: string | null;
  /** The run's folder (reports/…/<run-id>), when the run got that far. */
  runDir?: string;
  exitCode: number;
  seconds: number;
  /** Its certification.json; absent when the run wrote none. */
  certificate?: Certificate;
}

export interface MatrixEntry {
  name: string;
  class: string;
  description: string;
  /** True when at least one scenario went red. */
  caught: boolean;
  scenarios: number;
  scenariosRed: RedScenario[];
  /** Requirement ids whose verdict was fail, sorted. */
  requirementsBroken: string[];
  runDir: string | null;
  seconds: number;
}

export interface DefectMatrix {
  format: typeof DEFECT_MATRIX_FORMAT;
  generatedAt: string;
  profile: string;
  jobs: number;
  wallSeconds: number;
  /** True when the clean run is green and every defect is caught. */
  ok: boolean;
  clean: Omit<MatrixEntry, 'name' | 'class' | 'description' | 'caught'> & { green: boolean };
  defects: MatrixEntry[];
  /** What makes ok false, one line each. */
  problems: string[];
}

const RED = new Set(['FAILED', 'UNDEFINED', 'AMBIGUOUS', 'PENDING', 'UNKNOWN']);

/** The scenarios a certificate records as red (each once, though it carries several requirements), and the requirements that failed. */
export function redOf(c: Certificate): { scenarios: number; scenariosRed: RedScenario[]; requirementsBroken: string[] } {
  const red = new Map<string, RedScenario>();
  for (const s of [...c.requirements.flatMap((r) => r.scenarios), ...c.unmapped]) {
    if (!RED.has(s.status)) continue;
    const key = `${s.uri}\0${s.name}`;
    if (!red.has(key)) red.set(key, { uri: s.uri, name: s.name, status: s.status, ...(s.failure ? { failure: s.failure } : {}) });
  }
  return {
    scenarios: c.summary.scenarios.total,
    scenariosRed: [...red.values()].sort((a, b) => a.uri.localeCompare(b.uri) || a.name.localeCompare(b.name)),
    requirementsBroken: c.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id).sort(),
  };
}

function entryOf(run: DefectRunResult): Omit<MatrixEntry, 'name' | 'class' | 'description' | 'caught'> {
  const red = run.certificate ? redOf(run.certificate) : { scenarios: 0, scenariosRed: [], requirementsBroken: [] };
  return { ...red, runDir: run.runDir ?? null, seconds: run.seconds };
}

export function buildDefectMatrix(input: { clean: DefectRunResult; defects: DefectRunResult[]; profile: string; jobs: number; wallSeconds: number; generatedAt?: Date; interrupted?: string }): DefectMatrix {
  const problems: string[] = input.interrupted ? [`${input.interrupted}: the runs without a certificate were cut short or never started`] : [];
  const clean = entryOf(input.clean);
  if (!input.clean.certificate) problems.push(`the clean run wrote no certificate (exit ${input.clean.exitCode}${clean.runDir ? `, ${clean.runDir}` : ''})`);
  else if (clean.scenariosRed.length) problems.push(`the clean terminal turned ${clean.scenariosRed.length} scenario(s) red: ${clean.scenariosRed.map((s) => `${s.uri}: ${s.name}`).join('; ')}`);
  else if (input.clean.exitCode !== 0) problems.push(`the clean run exited ${input.clean.exitCode} (a certificate that did not pass, or a run cut short)`);
  const defects = input.defects.map((run): MatrixEntry => {
    const name = run.defect ?? '(none)';
    const info = isFirmwareDefect(name) ? DEFECTS[name] : { class: 'unknown', description: 'not in src/terminal/defects.ts' };
    const e = entryOf(run);
    const caught = e.scenariosRed.length > 0;
    if (!run.certificate) problems.push(`${name}: the run wrote no certificate (exit ${run.exitCode})`);
    else if (!caught) problems.push(`${name}: no scenario went red — the suite does not catch it (${info.description})`);
    return { name, class: info.class, description: info.description, caught: caught && !!run.certificate, ...e };
  });
  return {
    format: DEFECT_MATRIX_FORMAT,
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    profile: input.profile,
    jobs: input.jobs,
    wallSeconds: input.wallSeconds,
    ok: problems.length === 0,
    clean: { ...clean, green: !!input.clean.certificate && clean.scenariosRed.length === 0 && input.clean.exitCode === 0 },
    defects,
    problems,
  };
}

/** The matrix as text: one row per defect, one column per requirement some run broke (x = broken). */
export function formatDefectMatrix(m: DefectMatrix): string {
  const reqs = [...new Set([...m.clean.requirementsBroken, ...m.defects.flatMap((d) => d.requirementsBroken)])].sort();
  const rows: Array<{ label: string; cls: string; red: string; marks: string[] }> = [
    { label: 'clean terminal', cls: '', red: String(m.clean.scenariosRed.length), marks: reqs.map((r) => (m.clean.requirementsBroken.includes(r) ? 'x' : '.')) },
    ...m.defects.map((d) => ({ label: d.name, cls: d.class, red: d.caught ? String(d.scenariosRed.length) : 'NOT CAUGHT', marks: reqs.map((r) => (d.requirementsBroken.includes(r) ? 'x' : '.')) })),
  ];
  const w = Math.max(...rows.map((r) => r.label.length));
  const wc = Math.max(5, ...rows.map((r) => r.cls.length));
  const wr = Math.max(3, ...rows.map((r) => r.red.length));
  const colW = reqs.map((r) => r.length);
  const line = (a: string, b: string, c: string, marks: string[]) => `${a.padEnd(w)}  ${b.padEnd(wc)}  ${c.padStart(wr)}  ${marks.map((x, i) => x.padEnd(colW[i]!)).join(' ')}`.trimEnd();
  const out = [line('defect', 'class', 'red', reqs), ...rows.map((r) => line(r.label, r.cls, r.red, r.marks))];
  out.push('', `${m.ok ? 'PASSED' : 'FAILED'}: clean terminal ${m.clean.green ? 'green' : 'NOT green'} (${m.clean.scenarios} scenarios); ${m.defects.filter((d) => d.caught).length} of ${m.defects.length} defects caught; ${m.wallSeconds.toFixed(0)} s wall on ${m.jobs} job(s)`);
  for (const p of m.problems) out.push(`  problem: ${p}`);
  return out.join('\n') + '\n';
}
