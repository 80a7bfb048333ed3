import { readFileSync } from 'node:fs';
import { expect, test } from './server-fixture.ts';
import { TargetsPage } from './targets-page.ts';

/**
 * The whole target journey on the SARS-CoV-2 demo, by clicking: prizes from the shipped signature, a
 * Steiner subnetwork of the shipped interactome, a (small) causal step on its genes, ranked targets, an
 * exported table. The causal step runs 2 subsamples × 2 α instead of the paper's 100 × 6 to keep the
 * test short; the UI lets the user choose, and the defaults shown are the paper's.
 */
test('targets: from the demo signature to an exported target table', async ({ app }, testInfo) => {
  test.setTimeout(180_000);
  const targets = new TargetsPage(app);
  await app.getByTestId('open-demo').click();
  await targets.open();
  await expect(targets.view).toContainText('Which genes to hit');

  // Disease genes: the SARS-CoV-2 signature, |log2FC| ≥ 1; a bad cut is refused with a reason.
  await targets.startWizard();
  await app.getByTestId('targets-signature').selectOption('sars_cov2_a549');
  await expect(app.getByTestId('targets-column')).toHaveValue('log2FC');
  await app.getByTestId('targets-min-lfc').fill('-1');
  await targets.next();
  await expect(app.getByTestId('targets-wizard-errors')).toContainText('|log2FC|');
  await app.getByTestId('targets-min-lfc').fill('1');
  await targets.next();
  await expect(targets.wizard).toHaveAttribute('data-step', 'interactome');

  // Interactome and prizes: the preview counts the terminals before any job runs; defaults are the paper's.
  await app.getByTestId('targets-interactome').selectOption('ppi_252');
  await expect(app.getByTestId('targets-prize-preview')).toContainText('terminals');
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

  await targets.next();
  await expect(app.getByTestId('targets-review')).toContainText('w = 1.4, b = 40, g = 0');
  await app.getByTestId('targets-steiner-start').click();

  // The subnetwork, drawn with its disease genes marked; it is kept in the project and listed.
  const summary = app.getByTestId('targets-steiner-summary');
  await expect(summary).toContainText('genes', { timeout: 60_000 });
  await expect(summary).toContainText('disease genes kept');
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

  // Ranked targets with DrugCentral (the paper's pAct ≥ 5).
  await app.getByTestId('targets-drug-table').selectOption('drugcentral_targets');
  await app.getByTestId('targets-rank-start').click();
  const results = app.getByTestId('targets-results');
  await expect(results).toBeVisible({ timeout: 120_000 });
  const rows = app.getByTestId('targets-row');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(app.getByTestId('targets-causal-canvas')).toHaveAttribute('data-ready', 'true');

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
