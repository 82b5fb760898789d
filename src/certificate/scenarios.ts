/**
 * The scenarios of the feature files as Gherkin compiles them (one per pickle: an outline
 * row is a scenario of its own), with their tags, Feature and Rule tags included — what the
 * requirements catalogue is checked against and docs/requirements.md lists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateMessages } from '@cucumber/gherkin';

export interface FeatureScenario {
  /** Feature file, relative to the root. */
  uri: string;
  name: string;
  tags: string[];
}

function walk(p: string, out: string[]): string[] {
  if (statSync(p).isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n), out);
  else if (p.endsWith('.feature')) out.push(p);
  return out;
}

export function featureScenarios(root: string, dir = join(root, 'features')): FeatureScenario[] {
  const out: FeatureScenario[] = [];
  let id = 0;
  for (const path of walk(dir, [])) {
    const uri = relative(root, path);
    const envelopes = generateMessages(readFileSync(path, 'utf8'), uri, 'text/x.cucumber.gherkin+plain' as never, { includePickles: true, newId: () => String(id++) });
    for (const e of envelopes) if (e.pickle) out.push({ uri, name: e.pickle.name, tags: e.pickle.tags.map((t) => t.name) });
  }
  return out;
}
