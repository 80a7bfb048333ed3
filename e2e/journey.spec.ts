// The journey says what it does (issue 17): what a biologist clicking through the demo met, checked where
// the UI itself is the point. The logic behind each check has unit tests; these are short on purpose.
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
        const td = r.querySelectorAll('td')[c] as HTMLElement;
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
