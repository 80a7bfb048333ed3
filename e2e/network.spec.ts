import { readFileSync } from 'node:fs';
import { expect, test } from './server-fixture.ts';

test('discover a GSP network with stability selection on the demo, inspect an edge, export GraphML', async ({
  app,
}) => {
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('app-shell')).toBeVisible();
  await app.getByTestId('nav-network').click();
  await app.getByTestId('discover-open').click();

  const wizard = app.getByTestId('discover-wizard');
  await expect(wizard).toHaveAttribute('data-step', 'dataset');
  await app.locator('[data-testid="wizard-dataset"][value="a549_cells"]').check();
  await app.getByTestId('wizard-next').click();

  // Genes: the PPI subnetwork's genes, edges only between interacting proteins.
  await expect(wizard).toHaveAttribute('data-step', 'genes');
  await app.getByTestId('genes-network').check();
  await app.getByTestId('genes-network-select').selectOption('ppi_252');
  await app.getByTestId('restrict-network').selectOption('ppi_252');
  await app.getByTestId('wizard-next').click();

  await expect(wizard).toHaveAttribute('data-step', 'algorithm');
  await expect(wizard).toContainText('UT-IGSP');
  await app.getByTestId('algo-gsp').check();
  await app.getByTestId('wizard-next').click();

  // Parameters validate before moving on.
  await expect(wizard).toHaveAttribute('data-step', 'parameters');
  await app.getByTestId('param-alpha').fill('2');
  await app.getByTestId('wizard-next').click();
  await expect(app.getByTestId('wizard-errors')).toContainText('α must be a number between 0 and 1');
  await app.getByTestId('param-alpha').fill('0.01');
  await app.getByTestId('param-subsamples').fill('4');
  await app.getByTestId('param-alphas').fill('0.01, 0.1');
  await app.getByTestId('wizard-next').click();

  await expect(wizard).toHaveAttribute('data-step', 'review');
  await expect(app.getByTestId('wizard-review')).toContainText('9');
  await app.getByTestId('wizard-start').click();

  // The result opens by itself when the job finishes.
  const run = app.locator('[data-testid="network-source"][data-source^="run:"]');
  await expect(run).toHaveCount(1, { timeout: 45_000 });
  await expect(run).toHaveAttribute('aria-pressed', 'true');
  await expect(app.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true');
  await expect(app.getByTestId('stability-threshold')).toBeVisible();

  // Genes without an edge are hidden by default, counted in the toolbar, and shown on request.
  const canvas = app.getByTestId('network-canvas');
  // A high threshold leaves genes without a drawn edge. The slider spans the run's stabilities.
  const slider = app.getByTestId('stability-threshold');
  await slider.fill((await slider.getAttribute('max'))!);
  const isolated = Number((await app.getByTestId('isolated-count').innerText()).replace(/\D/g, ''));
  expect(isolated).toBeGreaterThan(0);
  await expect(app.getByTestId('hide-isolated')).toBeChecked();
  await expect(canvas).toHaveAttribute('data-hidden-genes', String(isolated));
  await app.getByTestId('hide-isolated').uncheck();
  await expect(canvas).toHaveAttribute('data-hidden-genes', '0');
  await app.getByTestId('hide-isolated').check();
  await expect(canvas).toHaveAttribute('data-hidden-genes', String(isolated));
  await slider.fill((await slider.getAttribute('min'))!);
  const rows = app.getByTestId('edge-row');
  expect(await rows.count()).toBeGreaterThan(3);

  await rows.first().click();
  const inspector = app.getByTestId('edge-inspector');
  await expect(inspector).toBeVisible();
  await expect(inspector.getByTestId('edge-stability')).toHaveText(/^(0(\.\d+)?|1)$/);
  await expect(inspector.getByTestId('edge-pvalue')).toHaveText(/\d/);
  await expect(inspector).toContainText('Oriented by intervention');

  // The gene panel: a gene of the edge opens it (keyboard reachable), with its expression in the
  // 74 cells, its regulations and the DrugCentral table's drugs; Escape closes it.
  await inspector.getByTestId('edge-gene').first().focus();
  await app.keyboard.press('Enter');
  const genePanel = app.getByTestId('gene-panel');
  await expect(genePanel).toBeVisible();
  await expect(genePanel.getByTestId('gene-expression-summary')).toContainText(/\d+ samples of A549/);
  await expect(genePanel.getByTestId('gene-expression')).toBeVisible();
  await expect(
    genePanel.locator('[data-testid="gene-drugs"], [data-testid="gene-drugs-none"]'),
  ).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(genePanel).toBeHidden();

  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByTestId('export-select').selectOption('graphml'),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.graphml$/);
  const xml = readFileSync((await download.path())!, 'utf8');
  expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<graphml /);
  expect(xml.trimEnd().endsWith('</graphml>')).toBe(true);
  const edges = [
    ...xml.matchAll(/<edge id="[^"]+" source="([^"]+)" target="([^"]+)" directed="(true|false)">/g),
  ];
  expect(edges.length).toBe(await app.locator('[data-testid="edge-row"]').count());
  const nodes = new Set([...xml.matchAll(/<node id="([^"]+)">/g)].map((m) => m[1]));
  for (const e of edges) {
    expect(nodes.has(e[1])).toBe(true);
    expect(nodes.has(e[2])).toBe(true);
  }
  expect(xml).toContain('attr.name="stability" attr.type="double"');

  // The job went through the Jobs panel and finished there.
  await app.getByTestId('nav-jobs').click();
  // Other specs share this server, so other finished jobs may be listed too.
  await expect(
    app.locator('[data-testid="job-item"][data-state="finished"]', { hasText: 'GSP network' }).first(),
  ).toBeVisible();
});

test('"Discover network…" is readable in the light and the dark theme (WCAG contrast ≥ 4.5)', async ({
  app,
}) => {
  await app.getByTestId('open-demo').click();
  await app.getByTestId('nav-network').click();
  const button = app.getByTestId('discover-open');
  await expect(button).toBeVisible();
  const html = app.locator('html');
  const themes = new Set<string>();
  for (let k = 0; k < 2; k++) {
    if (k > 0) await app.getByTestId('theme-toggle').click();
    const theme = (await html.getAttribute('data-theme')) ?? 'light';
    themes.add(theme);
    // Colours transition over 120 ms after a theme switch; read them once they settle.
    await app.waitForTimeout(300);
    const ratio = await button.evaluate((el) => {
      type Style = { color: string; backgroundColor: string };
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): Style }).getComputedStyle(el);
      const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lin = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      const lum = ([r = 0, g = 0, b = 0]: number[]): number =>
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      const [hi = 0, lo = 0] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((a, b) => b - a);
      return (hi + 0.05) / (lo + 0.05);
    });
    expect(ratio, `contrast in the ${theme} theme`).toBeGreaterThanOrEqual(4.5);
  }
  expect([...themes].sort()).toEqual(['dark', 'light']);
});
