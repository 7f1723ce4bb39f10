/**
 * A batch report that opens offline: one self-contained HTML file, thumbnails with the mask
 * overlaid as data: URIs, per-case model uncertainty, and the failures with their reasons.
 */
export interface ReportCase {
  name: string;
  width: number;
  height: number;
  modelVersion: string | null;
  uncertainty: number | null;
  classCounts: number[];
  thumbnailPng: Uint8Array;
}

export interface BatchReport {
  title: string;
  generatedAt: string;
  dataDir: string;
  classes: { name: string; color: string }[];
  cases: ReportCase[];
  failures: { name: string; reason: string }[];
  summary: string[];
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
<figcaption><b>${esc(c.name)}</b><br>${c.width}×${c.height} · model ${esc(c.modelVersion ?? 'none')}<br>uncertainty ${c.uncertainty === null ? '—' : c.uncertainty.toFixed(3)} · ${share}% labelled</figcaption></figure>`;
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
${failures}
</body></html>
`;
}
