/** Small helpers for writing the report's HTML by hand (no template engine needed). */

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A number for a table cell: fixed decimals, thousands separators, en dash if not finite. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return "\u2013";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** One table cell whose sort key is the raw number (so "1,234" sorts as 1234). */
export function numericCell(value: number, text: string): string {
  const key = Number.isFinite(value) ? String(value) : "";
  return `<td class="num" data-value="${key}">${escapeHtml(text)}</td>`;
}

/** A plain text cell. */
export function textCell(text: string): string {
  return `<td data-value="${escapeHtml(text)}">${escapeHtml(text)}</td>`;
}

/** A simple table: header labels and rows of already-rendered <td> cells. */
export function table(headers: readonly string[], rows: readonly string[][], attrs = ""): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.join("")}</tr>`).join("\n");
  return `<table${
    attrs ? " " + attrs : ""
  }>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
