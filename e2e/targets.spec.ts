import { readFileSync } from 'node:fs';
import { expect, test } from './server-fixture.ts';
import { TargetsPage } from './targets-page.ts';

/**
 * The whole target journey on the SARS-CoV-2 demo, by clicking: a drug ranking of the shipped L1000
 * collection, prizes from the shipped signature, a Steiner subnetwork of the whole iRefIndex v14 the demo
 * ships (with robustness and specificity reruns), its drug targets marked before any ranking, a (small)
 * causal step on its genes, ranked targets with the graph-aware drug table, an exported table. The
 * causal step runs 2 subsamples × 2 α instead of the paper's 100 × 6, and the |log2FC| cut is 2 rather
 * than 1 (274 terminals instead of 2,264: a subnetwork of 424 genes rather than 2,680), to keep the test
 * short; the UI lets the user choose, and the defaults shown are the paper's.
 */
test('targets: from the demo signature to an exported target table', async ({ app }, testInfo) => {
  test.setTimeout(180_000);
  const targets = new TargetsPage(app);
  await app.getByTestId('open-demo').click();

  // A drug ranking first (the SARS-CoV-2 signature against the toy L1000 collection): the graph-aware
  // drug table joins it with the targets' causal standing.
  await app.getByTestId('nav-drugs').click();
  await app.getByTestId('rank-open').click();
  await app.getByTestId('rank-disease').selectOption('sars_cov2_a549');
  await app.getByTestId('rank-collection').selectOption('lincs_toydb_skb');
  for (const step of ['cells', 'score', 'significance']) {
    await app.getByTestId('rank-next').click();
    await expect(app.getByTestId('rank-wizard')).toHaveAttribute('data-step', step);
  }
  await app.getByTestId('rank-permutations').fill('0');
  await app.getByTestId('rank-run').click();
  await expect(app.getByTestId('ranking-results')).toBeVisible({ timeout: 45_000 });

  await targets.open();
  await expect(targets.view).toContainText('Which genes to hit');

  // Disease genes: the SARS-CoV-2 signature, |log2FC| ≥ 2; a bad cut is refused with a reason.
  await targets.startWizard();
  await app.getByTestId('targets-signature').selectOption('sars_cov2_a549');
  await expect(app.getByTestId('targets-column')).toHaveValue('log2FC');
  await app.getByTestId('targets-min-lfc').fill('-1');
  await targets.next();
  await expect(app.getByTestId('targets-wizard-errors')).toContainText('|log2FC|');
  await app.getByTestId('targets-min-lfc').fill('2');
  await targets.next();
  await expect(targets.wizard).toHaveAttribute('data-step', 'interactome');

  // Interactome and prizes: the whole iRefIndex v14 is the default (the largest network); the preview
  // counts the terminals before any job runs (298 genes pass the cut, 274 are in the interactome).
  await expect(app.getByTestId('targets-interactome')).toHaveValue('irefindex_v14');
  await expect(app.getByTestId('targets-prize-preview')).toContainText(
    '274 terminals: 298 genes pass the cuts, 24 of them are not in the interactome',
  );
  await expect(app.getByTestId('targets-w')).toHaveValue('1.4');
  await expect(app.getByTestId('targets-b')).toHaveValue('40');
  await expect(app.getByTestId('targets-g')).toHaveValue('0');

  // A small sweep as small multiples; a cell click takes its setting.
  await app.getByTestId('targets-sweep-open').click();
  await targets.sweepValues('1, 1.4', '20, 40');
  await app.getByTestId('targets-sweep-start').click();
  await expect(app.getByTestId('targets-sweep')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('sweep-cell')).toHaveCount(3 * 4);
  await app.screenshot({ path: testInfo.outputPath('targets-sweep.png') });
  await app.getByTestId('sweep-cell').first().click();
  await expect(app.getByTestId('targets-w')).toHaveValue('1');
  await expect(app.getByTestId('targets-b')).toHaveValue('20');
  await app.getByTestId('targets-w').fill('1.4');
  await app.getByTestId('targets-b').fill('40');

  // OmicsIntegrator2's randomisations: noisy edge costs (robustness) and random terminals (specificity).
  await app.getByTestId('targets-robust').check();
  await app.getByTestId('targets-robust-runs').fill('4');
  await app.getByTestId('targets-specific').check();
  await app.getByTestId('targets-specific-runs').fill('4');

  await targets.next();
  await expect(app.getByTestId('targets-review')).toContainText('w = 1.4, b = 40, g = 0');
  await expect(app.getByTestId('targets-review')).toContainText('4 noisy-edge runs, 4 random-terminal runs');
  await app.getByTestId('targets-steiner-start').click();

  // The subnetwork, drawn with its disease genes marked; it is kept in the project and listed.
  const summary = app.getByTestId('targets-steiner-summary');
  await expect(summary).toContainText('genes', { timeout: 60_000 });
  // One component of 424 genes and 2,367 interactome edges keeps all 274 disease genes.
  await expect(summary).toContainText('424 genes, 2,367 edges, 1 component: 274 of 274 disease genes kept');
  // The reruns as fractions of 4 runs: how many genes come back, the weakest and the least specific.
  const quarter = '(0\\.00|0\\.25|0\\.50|0\\.75|1\\.00)';
  const genesWithFractions = new RegExp(`: ([^ ,]+ ${quarter}, ){4}[^ ,]+ ${quarter}\\.`);
  const robustness = app.getByTestId('targets-robustness');
  await expect(robustness).toContainText('Robustness (4 runs, edge-cost noise 0.1)');
  await expect(robustness).toContainText(/\d+ of 424 genes come\s+back in at least half the runs/);
  await expect(robustness).toHaveText(genesWithFractions);
  const specificity = app.getByTestId('targets-specificity');
  await expect(specificity).toContainText('Specificity (4 runs with random terminals)');
  await expect(specificity).toHaveText(genesWithFractions);
  // Drug targets are ringed before any ranking: 26 of the 424 genes are in DrugCentral's table.
  await expect(app.getByTestId('targets-druggable-count')).toHaveText('26');
  await expect(app.getByTestId('targets-druggable-summary')).toContainText('DrugCentral');
  await expect(app.getByTestId('targets-steiner-canvas')).toHaveAttribute('data-ready', 'true');
  await expect(app.getByTestId('targets-steiner-runs').locator('option')).toHaveCount(2);
  await app.screenshot({ path: testInfo.outputPath('targets-subnetwork.png') });

  // The causal step: the paper's settings are shown; this test runs a small version of it.
  await expect(app.getByTestId('targets-subsamples')).toHaveValue('100');
  await expect(app.getByTestId('targets-alphas')).toHaveValue('0.0001, 0.001, 0.01, 0.1, 0.2, 0.3');
  // The paper-sized run shows its progress and can be cancelled from the page.
  await app.getByTestId('targets-discover-start').click();
  const causal = app.getByTestId('targets-causal-step');
  await expect(causal.getByTestId('job-progress')).toBeVisible();
  await causal.getByTestId('job-cancel').click();
  await expect(causal.getByTestId('job-item')).toHaveAttribute('data-state', 'cancelled');
  await app.getByTestId('targets-subsamples').fill('2');
  await app.getByTestId('targets-alphas').fill('0.01, 0.3');
  // The reference implementation's behaviour as a whole, as a named setting.
  await app.getByTestId('targets-compat').selectOption('belyaeva2021');
  await app.getByTestId('targets-discover-start').click();
  await expect(app.getByTestId('targets-discover-run')).not.toHaveValue('', { timeout: 180_000 });

  // Ranked targets with DrugCentral (the paper's pAct ≥ 5), joined with the drug ranking.
  await app.getByTestId('targets-drug-table').selectOption('drugcentral_targets');
  await app.getByTestId('targets-drug-ranking').selectOption({ index: 1 });
  await app.getByTestId('targets-rank-start').click();
  const results = app.getByTestId('targets-results');
  await expect(results).toBeVisible({ timeout: 120_000 });
  const rows = app.getByTestId('targets-row');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(app.getByTestId('targets-causal-canvas')).toHaveAttribute('data-ready', 'true');

  // The graph-aware drug table: the 30 best of the 100 ranked drugs, each combining its two parts
  // (0.5 × reversal + 0.5 × causal standing, as shown to two decimals), best first.
  const drugRows = app.getByTestId('targets-drug-row');
  await expect(drugRows).toHaveCount(30);
  const cells = async (id: string) => (await app.getByTestId(id).allTextContents()).map(Number);
  const [rev, causalPart, combined] = [
    await cells('drug-reversal-part'),
    await cells('drug-causal-part'),
    await cells('drug-combined'),
  ];
  combined.forEach((c, i) => {
    expect(Math.abs(c - 0.5 * (rev[i]! + causalPart[i]!))).toBeLessThanOrEqual(0.0101);
    if (i > 0) expect(c).toBeLessThanOrEqual(combined[i - 1]! + 1e-9);
  });
  // A drug's best target is a gene of the target table.
  const rankedGenes = new Set(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-gene'))));
  const best = (await app.getByTestId('drug-best-target').allTextContents()).filter((g) => g !== '–');
  expect(best.length).toBeGreaterThan(0);
  for (const g of best) expect(rankedGenes.has(g)).toBe(true);

  // A row explains itself; arrow keys move the selection.
  await rows.nth(1).click();
  const detail = app.getByTestId('targets-detail');
  const second = await rows.nth(1).getAttribute('data-gene');
  await expect(detail).toContainText(second!);
  await app.keyboard.press('ArrowUp');
  await expect(detail).toContainText((await rows.first().getAttribute('data-gene'))!);
  await app.screenshot({ path: testInfo.outputPath('targets-page.png'), fullPage: true });

  // The exported table: one row per gene, with rank, gene, drugs, reach and predicted reversal.
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByTestId('targets-export-csv').click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '' && !l.startsWith('#'));
  expect(csv[0]).toMatch(/^rank,gene,/);
  expect(csv[0]).toMatch(/drugs/);
  expect(csv[0]).toMatch(/reversal/);
  expect(csv.length - 1).toBe(await rows.count());

  // The HTML report and the workbook come from the same run.
  const top = (await rows.first().getAttribute('data-gene'))!;
  const [html] = await Promise.all([
    app.waitForEvent('download'),
    app.getByTestId('targets-export-html').click(),
  ]);
  expect(html.suggestedFilename()).toMatch(/\.html$/);
  expect(readFileSync((await html.path())!, 'utf8')).toContain(top);
  const [xlsx] = await Promise.all([
    app.waitForEvent('download'),
    app.getByTestId('targets-export-xlsx').click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  // An XLSX is a ZIP archive: it starts with the local-file-header signature.
  expect(readFileSync((await xlsx.path())!).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

  // Each step's result stays in the project: the Jobs page links back to the subnetwork.
  await app.getByTestId('nav-jobs').click();
  await app.getByTestId('job-item').filter({ hasText: 'Steiner forest:' }).getByTestId('job-open').click();
  await expect(app.getByTestId('targets-steiner-summary')).toContainText('disease genes kept');
  await expect(app.getByTestId('targets-rank-runs').locator('option')).toHaveCount(2);
});
