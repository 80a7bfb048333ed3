// The journey says what it does (issue 17): what a biologist clicking through the demo met, checked where
// the UI itself is the point. The logic behind each check has unit tests; these are short on purpose.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './server-fixture.ts';

test('journey: the demo card, Save, Summarise with a PCA that has ticks, Escape closes the summary', async ({
  app,
}) => {
  const demo = app.getByRole('region', { name: 'Try the demo' });
  await expect(demo).toContainText('your own copy');
  await expect(demo).not.toContainText('Nothing is changed on disk');
  await app.getByTestId('open-demo').click();

  // Save says it saved.
  await app.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(app.getByTestId('toast').filter({ hasText: /Saved/ })).toBeVisible();

  await app
    .locator('[data-testid="dataset-row"][data-dataset-id="a549_cells"]')
    .getByTestId('summarise-button')
    .click();
  const summary = app.getByTestId('summary-view');
  await expect(summary.getByTestId('pca-plot')).toBeVisible({ timeout: 30_000 });
  const ticks = await summary.getByTestId('pca-ticks').locator('text').allTextContents();
  expect(ticks.length).toBeGreaterThanOrEqual(6);
  expect(ticks).toContain('0');
  // Nice ticks: no floating-point dust such as "-2.8e-17".
  expect(ticks.filter((t) => /e-\d/.test(t))).toEqual([]);

  await app.keyboard.press('Escape');
  await expect(summary).toBeHidden();
});

test('journey: a ranking row selects from any cell, the detail pane leaves the Drug column readable, Escape closes; transport offers only reachable cell types; the job links to its result', async ({
  app,
}) => {
  await app.getByTestId('open-demo').click();
  await app.getByTestId('nav-drugs').click();
  await app.getByTestId('rank-open').click();
  const wizard = app.getByTestId('rank-wizard');
  await app.getByTestId('rank-disease').selectOption('vorinostat_skb_reversed');
  await app.getByTestId('rank-collection').selectOption('lincs_toydb_skb');
  await expect(wizard).toContainText('5,000 genes are shared');
  await app.getByTestId('rank-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'cells');

  // The collection measured SKB only: no cell type can be reached, so transport cannot be asked for.
  await app.getByTestId('rank-transport').check();
  await expect(wizard.getByRole('alert')).toContainText('at least two cell types');
  await expect(app.getByTestId('rank-transport-target').locator('option')).toHaveCount(1); // "Choose…"
  await app.getByTestId('rank-transport').uncheck();

  await app.getByTestId('rank-next').click();
  await app.getByTestId('rank-next').click();
  await app.getByTestId('rank-permutations').fill('100');
  await app.getByTestId('rank-run').click();
  const results = app.getByTestId('ranking-results');
  await expect(results).toBeVisible({ timeout: 45_000 });

  // The top drugs' labels on the score histogram do not print over each other.
  const labels = app.getByTestId('score-distribution').locator('text.mark-label');
  await expect(labels).toHaveCount(3);
  const boxes = await Promise.all((await labels.all()).map(async (l) => (await l.boundingBox())!));
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1)) {
      const apart =
        a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart).toBe(true);
    }

  // Any cell of a row selects the drug: here its score.
  const row = app.locator('[data-testid="drug-row"][data-drug="pyroxamide"]');
  await row.locator('td').nth(2).click();
  const detail = app.getByTestId('drug-detail');
  await expect(detail).toContainText('pyroxamide');

  // With the pane open the Drug column keeps its width and score, p and FDR are not cut off.
  const drugCell = row.locator('td').nth(1);
  expect((await drugCell.boundingBox())!.width).toBeGreaterThan(100);
  const cut = await app.getByTestId('drug-row').evaluateAll((rows) =>
    rows.flatMap((r) =>
      [2, 3, 4].flatMap((c) => {
        const td = r.querySelectorAll('td')[c]!;
        return td.scrollWidth > td.clientWidth
          ? [`${td.textContent} ${td.scrollWidth}/${td.clientWidth}`]
          : [];
      }),
    ),
  );
  expect(cut).toHaveLength(0);

  await app.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect(results).toBeVisible();

  // The finished job links to its result.
  await app.getByTestId('nav-jobs').click();
  const job = app
    .locator('[data-testid="job-item"][data-state="finished"]')
    .filter({ hasText: /Drug ranking/ });
  await job.first().getByTestId('job-open').click();
  await expect(app.getByTestId('ranking-results')).toBeVisible();
});

test('journey: transport validation shows its progress bar and its results export as CSV', async ({
  app,
}) => {
  test.setTimeout(120_000);
  await app.getByTestId('open-demo').click();
  await app.getByTestId('import-data').click();
  await app
    .getByTestId('import-path')
    .fill(resolve('src-main/compute/io/fixtures/real/kang2018_valid_first120.h5ad'));
  await app.getByTestId('import-read').click();
  await expect(app.getByTestId('import-wizard')).toHaveAttribute('data-step', 'preview', { timeout: 30_000 });
  await app.getByTestId('import-next').click();
  await app.getByTestId('import-name').fill('Kang journey');
  await app.getByTestId('import-next').click();
  await app.getByTestId('import-start').click();
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 });
  await app.getByTestId('import-done').click();

  await app.getByTestId('nav-transport').click();
  await app.getByTestId('transport-dataset').selectOption({ label: 'Kang journey' });
  await expect(app.getByTestId('transport-control')).toHaveValue('control');
  await app.getByTestId('transport-run').click();
  await expect(app.getByTestId('transport-progress')).toBeVisible();
  await expect(app.getByTestId('transport-table')).toBeVisible({ timeout: 90_000 });

  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByTestId('transport-export-csv').click(),
  ]);
  const lines = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\n');
  expect(lines[0]).toMatch(/^# Causeway .* transport validation of Kang journey/);
  const header = lines.find((l) => !l.startsWith('#'))!;
  expect(header).toMatch(/^method,label,held_out_pair,pearson,r2,/);
  expect(lines.filter((l) => l.startsWith('additive,'))).not.toHaveLength(0);
});
