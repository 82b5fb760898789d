/**
 * The shape of the house, checked: no import cycles in src/, emulators/ and steps/; the
 * dependency directions of docs/ (protocols never import cards or Cucumber, transports never
 * import Cucumber, emulators never import steps); no TypeScript file over 500 lines; test
 * folders mirror the code (test/X is src/X or X) and test helpers are named *.helpers.ts.
 *
 * A small scanner, not the compiler: it reads `import … from`, `export … from`, side-effect
 * imports, `import()` and `require()` (type-only imports count too: a cycle of types is
 * still a knot for a reader), and resolves relative specifiers to .ts files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..');
const GRAPH_ROOTS = ['src', 'emulators', 'steps'];
const MAX_LINES = 500;
/** Generated data, exempt from the line limit (none today). */
const GENERATED: readonly string[] = [];

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'reports' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Lines as `wc -l` counts them (a final newline ends the last line, it does not start another). */
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

const rel = (p: string) => relative(ROOT, p).split(sep).join('/');

/** Import specifiers of a TypeScript source (comments stripped first). */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(c) && statSync(c).isFile() && c.endsWith('.ts')) return c;
  return undefined;
}

interface Graph {
  edges: Map<string, string[]>;
  /** Non-relative specifiers by file. */
  packages: Map<string, string[]>;
}

function buildGraph(): Graph {
  const files = GRAPH_ROOTS.flatMap((r) => walk(join(ROOT, r)));
  const edges = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  for (const f of files) {
    const specs = importSpecifiers(readFileSync(f, 'utf8'));
    const targets: string[] = [];
    const pkgs: string[] = [];
    for (const s of specs) {
      if (s.startsWith('.')) {
        const t = resolveRelative(f, s);
        if (t) targets.push(t);
      } else pkgs.push(s);
    }
    edges.set(f, [...new Set(targets)]);
    packages.set(f, pkgs);
  }
  return { edges, packages };
}

/** Every cycle's files (one per strongly connected component of more than one file, or a self-import). */
export function findCycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const graph = buildGraph();

test('the scanner sees every kind of import, and finds a cycle when there is one', () => {
  const specs = importSpecifiers(`import a from './a';\nimport type { B } from "./b";\nexport * from './c';\nexport { d } from './d';\nimport './e';\nimport {\n  f,\n  g,\n} from './fg';\nconst h = require('./h');\nconst i = import('./i');\n// import x from './commented';\n/* import y from './block'; */`);
  assert.deepEqual(specs.sort(), ['./a', './b', './c', './d', './e', './fg', './h', './i'].sort());
  const e = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.deepEqual(findCycles(e), [['a', 'b', 'c']]);
  assert.deepEqual(findCycles(new Map([['x', ['y']], ['y', []]])), []);
  assert.ok(graph.edges.size > 100, `the graph has ${graph.edges.size} files`);
});

test('no import cycles in src/, emulators/ and steps/', () => {
  const cycles = findCycles(graph.edges).map((c) => c.map(rel).join(' <-> '));
  assert.deepEqual(cycles, []);
});

test('dependencies point one way: protocols never import cards or Cucumber, transports never Cucumber, emulators never steps', () => {
  const problems: string[] = [];
  for (const [file, targets] of graph.edges) {
    const r = rel(file);
    for (const t of targets.map(rel)) {
      if (r.startsWith('src/protocols/') && t.startsWith('src/cards/')) problems.push(`${r} imports ${t}`);
      if (r.startsWith('emulators/') && t.startsWith('steps/')) problems.push(`${r} imports ${t}`);
      if ((r.startsWith('src/protocols/') || r.startsWith('src/transports/')) && t.startsWith('steps/')) problems.push(`${r} imports ${t}`);
    }
    for (const p of graph.packages.get(file) ?? []) {
      if ((r.startsWith('src/protocols/') || r.startsWith('src/transports/') || r.startsWith('emulators/')) && p.startsWith('@cucumber/')) problems.push(`${r} imports ${p}`);
    }
  }
  assert.deepEqual(problems, []);
});

test(`no TypeScript file over ${MAX_LINES} lines (outside generated data)`, () => {
  const long = walk(ROOT)
    .filter((f) => !GENERATED.includes(rel(f)))
    .map((f) => ({ file: rel(f), lines: lineCount(readFileSync(f, 'utf8')) }))
    .filter((x) => x.lines > MAX_LINES)
    .map((x) => `${x.file}: ${x.lines} lines`);
  assert.deepEqual(long, []);
});

/** Where the code a test folder tests lives: test/X mirrors src/X, or X itself (emulators/…, steps/). */
function mirroredSource(testDir: string): string | undefined {
  const sub = relative(join(ROOT, 'test'), testDir).split(sep).join('/');
  for (const candidate of [`src/${sub}`, sub]) if (existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isDirectory()) return candidate;
  return undefined;
}

test('test folders mirror the code they test; test helpers are *.helpers.ts, fixture data sits in fixtures/', () => {
  const problems: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name === 'fixtures') continue;
        if (!mirroredSource(p)) problems.push(`${rel(p)}/ mirrors no source folder (src/${relative(join(ROOT, 'test'), p)} or ${relative(join(ROOT, 'test'), p)})`);
        visit(p);
      } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.helpers.ts')) {
        problems.push(`${rel(p)}: a test helper is named *.helpers.ts`);
      }
    }
  };
  visit(join(ROOT, 'test'));
  assert.deepEqual(problems, []);
  // and the check can fail: a folder that mirrors nothing is found
  assert.equal(mirroredSource(join(ROOT, 'test', 'no-such-folder')), undefined);
  assert.equal(mirroredSource(join(ROOT, 'test', 'protocols', 'escpos')), 'src/protocols/escpos');
  assert.equal(mirroredSource(join(ROOT, 'test', 'emulators', 'network')), 'emulators/network');
});
