/**
 * docs/requirements.md, generated from docs/requirements.yaml and the @req tags of the
 * features. `npm run docs:requirements` writes it; test/certificate checks it is current.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../util/project-root';
import { loadRequirements, renderRequirementsMarkdown, requirementTags } from './requirements';
import { featureScenarios } from './scenarios';

export function requirementsMarkdown(root: string): string {
  const reqs = loadRequirements(root);
  const byReq = new Map<string, string[]>();
  for (const s of featureScenarios(root)) {
    for (const id of requirementTags(s.tags)) byReq.set(id, [...(byReq.get(id) ?? []), `${s.uri}: ${s.name}`]);
  }
  return renderRequirementsMarkdown(reqs, byReq);
}

if (require.main === module) {
  const file = join(PROJECT_ROOT, 'docs', 'requirements.md');
  writeFileSync(file, requirementsMarkdown(PROJECT_ROOT));
  process.stdout.write(`wrote ${file}\n`);
}
