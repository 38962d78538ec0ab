/**
 * The report page: one self-contained HTML file (inline CSS, a small inline script that
 * sorts the sweep table, every figure inlined as a data: URI), so index.html can be mailed or
 * copied alone; figures/*.svg beside it are the same figures for use elsewhere. No network
 * access at all: a Content-Security-Policy forbids every remote load, so a slip cannot phone
 * home.
 */
import { escapeHtml } from "./html.ts";

/** One figure on the page. */
export interface PageFigure {
  /** The figure's own file, relative to the page ("figures/accuracy_vs_bits_digits.svg"). */
  readonly file: string;
  /** The SVG text, inlined into the page. */
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
  readonly caption: string;
}

/** A group of figures under one heading (one per dataset, plus run-wide ones). */
export interface PageSection {
  readonly heading: string;
  readonly figures: readonly PageFigure[];
}

/** Everything the page shows. */
export interface PageInput {
  readonly title: string;
  readonly summaryHtml: string;
  readonly sections: readonly PageSection[];
  readonly sweepHtml: string;
  /** Honest remarks about what is missing (cells without records, figures not drawn). */
  readonly notes: readonly string[];
}

const CSS = `
:root { --ink: #222; --muted: #666; --rule: #ddd; --accent: #0072B2; --bg: #fff; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.45 Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1400px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 22px 0 8px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
.facts { display: flex; flex-wrap: wrap; gap: 10px 28px; margin: 12px 0 8px; }
.facts div { min-width: 110px; }
.facts dt { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.facts dd { margin: 0; font-size: 17px; font-weight: 600; }
table { border-collapse: collapse; font-size: 13.5px; margin: 4px 0 8px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; }
thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f5f8fb; }
.note { color: var(--muted); font-size: 13px; max-width: 900px; }
.figures { display: flex; flex-wrap: wrap; gap: 20px 28px; }
figure { margin: 0; width: 640px; max-width: 100%; }
figure img { width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.sortable th button { all: unset; cursor: pointer; font-weight: 600; }
.sortable th button:focus-visible { outline: 2px solid var(--accent); }
.sortable th[aria-sort="ascending"] button::after { content: " \\25B2"; font-size: 10px; }
.sortable th[aria-sort="descending"] button::after { content: " \\25BC"; font-size: 10px; }
.table-wrap { overflow-x: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

// Sorts the sweep table by a clicked column: numbers numerically (blank last), text by locale.
const SCRIPT = `
(function () {
  var table = document.getElementById("sweep-table");
  if (!table) return;
  var headers = table.querySelectorAll("th");
  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = Number(button.getAttribute("data-column"));
      var th = button.parentNode;
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) { return row.cells[column].getAttribute("data-value") || ""; };
      var numeric = rows.every(function (r) { var k = key(r); return k === "" || !isNaN(Number(k)); });
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === "" || y === "") return (x === "") - (y === "");
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { numeric: true });
        return ascending ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
`;

/** An SVG document as a base64 data: URI (UTF-8), so the page needs no file beside it. */
export function svgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** The whole page as an HTML string. */
export function renderPage(input: PageInput): string {
  const sections = input.sections.map((s) => {
    const figures = s.figures.map((f) =>
      `<figure>\n<img src="${svgDataUri(f.svg)}" data-file="${
        escapeHtml(f.file)
      }" width="${f.width}" height="${f.height}" alt="${escapeHtml(f.alt)}">\n<figcaption>${
        escapeHtml(f.caption)
      }</figcaption>\n</figure>`
    ).join("\n");
    return `<h2>${escapeHtml(s.heading)}</h2>\n<div class="figures">\n${figures}\n</div>`;
  }).join("\n");
  const notes = input.notes.length
    ? `<h3>Notes</h3>\n<ul class="note">${
      input.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")
    }</ul>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(input.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="subtitle">QUBO-trained classifier head on frozen random convolutional features</p>
</header>
<section id="summary">
${input.summaryHtml}
</section>
${sections}
<section id="sweep">
<h2>Sweep</h2>
<p class="note">One row per cell; click a column heading to sort.</p>
<div class="table-wrap">
${input.sweepHtml}
</div>
</section>
${notes}
<footer>Made by qubo-cnn from the stored results; every figure is inside this file (copies in <code>figures/</code>). Rebuild with <code>deno task report DIR</code>.</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
