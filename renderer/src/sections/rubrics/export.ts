/**
 * Downloads a rubric as a JSON file. A Blob behind an object URL is a download, not a fetch, so
 * the page's CSP (connect-src 'self') needs no change; the URL is revoked once the click is handled.
 */
export function exportRubricJson(rubric: Record<string, unknown>, id: string, version: number): void {
  const blob = new Blob([JSON.stringify(rubric, null, 2) + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${id || 'rubric'}-v${version}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
