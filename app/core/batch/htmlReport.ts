/**
 * A batch report that opens offline: one self-contained HTML file, thumbnails with the mask
 * overlaid as data: URIs, per-case model uncertainty, and the failures with their reasons.
 * Tissue projects add the breast density per image and per study (reportDensity.ts).
 */
import type { ReportStudy } from './reportDensity.js';

export interface ReportCase {
  name: string;
  width: number;
  height: number;
  modelVersion: string | null;
  uncertainty: number | null;
  classCounts: number[];
  thumbnailPng: Uint8Array;
  /** Tissue projects: area density of the latest mask; null without a breast in it. */
  density?: { percent: number; quartile: number } | null;
}

export interface BatchReport {
  title: string;
  generatedAt: string;
  dataDir: string;
  classes: { name: string; color: string }[];
  cases: ReportCase[];
  failures: { name: string; reason: string }[];
  summary: string[];
  /** Tissue projects: each study of the batch with its density (mean of its images). */
  studies?: ReportStudy[];
}

/** " · density 31.0% (BI-RADS 2, a hint)", or nothing outside tissue projects. */
function densityText(d: ReportCase['density']): string {
  if (d === undefined) return '';
  return d === null ? ' · density —' : ` · density ${d.percent.toFixed(1)}% (BI-RADS ${d.quartile}, a hint)`;
}

function studiesTable(studies: readonly ReportStudy[] | undefined): string {
  if (!studies) return '';
  const rows = studies
    .map(
      (s) =>
        `<tr><td>${esc(s.label)}</td><td>${s.images}</td><td>${s.density ? `${s.density.percent.toFixed(1)}%` : '—'}</td><td>${s.density ? `${s.density.quartile} (${s.density.images} images)` : '—'}</td></tr>`,
    )
    .join('');
  return `<h2>Breast density per study</h2><p>Area density: fibroglandular area over breast area (pectoral muscle excluded), the mean of the study's images. The BI-RADS quartile is a hint, not a reading.</p>
<table><tr><th>Study</th><th>Images</th><th>Density</th><th>BI-RADS (4th ed.) hint</th></tr>${rows}</table>`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderBatchReport(r: BatchReport): string {
  const legend = r.classes
    .slice(1)
    .map((c) => `<span class="chip"><i style="background:${esc(c.color)}"></i>${esc(c.name)}</span>`)
    .join(' ');
  const cards = r.cases
    .map((c) => {
      const labelled = c.classCounts.slice(1).reduce((a, b) => a + b, 0);
      const share = c.width * c.height ? ((100 * labelled) / (c.width * c.height)).toFixed(1) : '0';
      return `<figure><img src="data:image/png;base64,${Buffer.from(c.thumbnailPng).toString('base64')}" alt="${esc(c.name)} with its mask">
<figcaption><b>${esc(c.name)}</b><br>${c.width}×${c.height} · model ${esc(c.modelVersion ?? 'none')}<br>uncertainty ${c.uncertainty === null ? '—' : c.uncertainty.toFixed(3)} · ${share}% labelled${densityText(c.density)}</figcaption></figure>`;
    })
    .join('\n');
  const failures = r.failures.length
    ? `<h2>Failures (${r.failures.length})</h2><table><tr><th>File</th><th>Reason</th></tr>${r.failures.map((f) => `<tr><td>${esc(f.name)}</td><td>${esc(f.reason)}</td></tr>`).join('')}</table>`
    : '<h2>Failures</h2><p>None.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>
body{font-family:system-ui,sans-serif;background:#111316;color:#e6e6e6;margin:24px}
h1{font-size:20px}h2{font-size:16px;margin-top:24px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px}
figure{margin:0;background:#1b1e23;padding:8px;border-radius:6px}
figure img{width:100%;height:220px;object-fit:contain;background:#000}
figcaption{font-size:12px;color:#b0b4ba;margin-top:6px}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #2c3038;padding:4px 8px;text-align:left}
.chip{display:inline-flex;align-items:center;gap:4px;margin-right:8px}.chip i{width:12px;height:12px;display:inline-block;border-radius:2px}
</style></head><body>
<h1>${esc(r.title)}</h1>
<p>${r.summary.map(esc).join('<br>')}</p>
<p>Generated ${esc(r.generatedAt)} from ${esc(r.dataDir)}. Classes: ${legend}. Cases are sorted by model uncertainty, most uncertain first: review those first.</p>
<div class="grid">
${cards}
</div>
${studiesTable(r.studies)}
${failures}
</body></html>
`;
}
