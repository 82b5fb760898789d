/**
 * certification.html: the certificate as a person reads it — one self-contained page, no
 * scripts: the firmware and bench, the summary, then each requirement with its verdict,
 * scenarios and evidence files (linked, with their sha256).
 */
import type { Certificate, CertifiedFile, CertifiedScenario, RequirementVerdict } from './types';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const VERDICT_CLASS: Record<RequirementVerdict, string> = { pass: 'pass', fail: 'fail', 'not-covered': 'nc' };

function files(list: readonly CertifiedFile[]): string {
  if (!list.length) return '<span class="muted">no evidence files</span>';
  return `<ul class="files">${list.map((f) => `<li><a href="${esc(f.path)}">${esc(f.path)}</a> <code title="sha256">${f.sha256}</code> <span class="muted">${f.bytes} B</span></li>`).join('')}</ul>`;
}

function scenarioRows(list: readonly CertifiedScenario[]): string {
  if (!list.length) return '<p class="muted">no scenario of this run carries this requirement</p>';
  return `<ul class="scenarios">${list
    .map((s) => {
      const cls = s.status === 'PASSED' ? 'pass' : s.status === 'SKIPPED' ? 'nc' : 'fail';
      return `<li><span class="badge ${cls}">${esc(s.status.toLowerCase())}</span> ${esc(s.feature ? `${s.feature}: ` : '')}<b>${esc(s.name)}</b> <span class="muted">${esc(s.uri)}</span>${s.failure ? `<pre>${esc(s.failure)}</pre>` : ''}${files(s.evidence)}</li>`;
    })
    .join('')}</ul>`;
}

export function renderCertificateHtml(c: Certificate): string {
  const r = c.summary.requirements;
  const s = c.summary.scenarios;
  const fw = `${c.firmware.name} ${c.firmware.version}`;
  const rows = c.requirements
    .map(
      (q) => `<section class="req"><h3><span class="badge ${VERDICT_CLASS[q.verdict]}">${q.verdict}</span> ${esc(q.id)}</h3>
<p>${esc(q.rule)} <span class="muted">— ${esc(q.source)}</span></p>
${scenarioRows(q.scenarios)}</section>`,
    )
    .join('\n');
  const unmapped = c.unmapped.length ? `<h2>Scenarios naming no known requirement</h2>${scenarioRows(c.unmapped)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>posbench certificate ${esc(c.runId)}: ${esc(fw)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
table.meta td{padding:2px 12px 2px 0;vertical-align:top} code{font-size:12px}
.badge{display:inline-block;min-width:6em;text-align:center;border-radius:3px;padding:0 6px;color:#fff;font-size:12px}
.pass{background:#2e7d32}.fail{background:#c62828}.nc{background:#757575}
.muted{color:#777} .req{border-top:1px solid #ddd;margin-top:1em} pre{background:#fff3f3;padding:4px;white-space:pre-wrap}
ul.files{font-size:12px;margin:2px 0 6px 0} h1 .badge{font-size:16px;min-width:5em}
</style></head><body>
<h1><span class="badge ${c.result === 'pass' ? 'pass' : 'fail'}">${c.result}</span> posbench certificate</h1>
<table class="meta">
<tr><td>firmware</td><td><b>${esc(fw)}</b>${c.firmwareSeen.length ? ` <span class="muted">(also seen: ${c.firmwareSeen.map((f) => esc(`${f.name} ${f.version}`)).join(', ')})</span>` : ''}</td></tr>
<tr><td>profile</td><td>${esc(c.profile.name)} <span class="muted">(device under test: ${esc(c.profile.dut)})</span></td></tr>
<tr><td>posbench</td><td>${esc(c.posbench.version)}, commit <code>${esc(c.posbench.commit)}</code>${c.posbench.dirty === true ? ' (with uncommitted changes)' : ''}</td></tr>
<tr><td>run</td><td>${esc(c.runId)}, started ${esc(c.startedAt)}, certificate written ${esc(c.generatedAt)}</td></tr>
<tr><td>requirements</td><td>${r.pass} passed, ${r.fail} failed, ${r.notCovered} not covered (of ${r.total})</td></tr>
<tr><td>scenarios</td><td>${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped (of ${s.total})</td></tr>
<tr><td>verdicts from</td><td>${files(c.files)}</td></tr>
<tr><td>manifest sha256</td><td><code>${c.manifestSha256}</code> <span class="muted">(of certification.json's canonical JSON without this field)</span></td></tr>
</table>
<h2>Requirements</h2>
${rows}
${unmapped}
</body></html>
`;
}
