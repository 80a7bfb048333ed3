import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './server-fixture.ts';

const FIXTURE = resolve('resources/fixtures/gim-small');
const truth = JSON.parse(readFileSync(`${FIXTURE}/truth.json`, 'utf8')) as {
  types: { name: string; targets: string[] }[];
};

test('predict perturbation: import the GIM fixture, train (loss curve), predict an unseen dose, validate, send to Drug ranking', async ({
  app,
}) => {
  test.setTimeout(60_000);
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('app-shell')).toBeVisible();
  await app.getByTestId('nav-data').click();

  // Import the fixture's cells (a `context` column, then the genes) as other specs import data.
  await app.getByTestId('import-data').click();
  const wizard = app.getByTestId('import-wizard');
  await app.getByTestId('import-path').fill(`${FIXTURE}/expression.csv`);
  await app.getByTestId('import-read').click();
  await expect(wizard).toHaveAttribute('data-step', 'preview', { timeout: 20_000 });
  await app.getByTestId('orientation-samples-x-genes').check();
  await app.getByTestId('import-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'roles');
  // Specs share one server: a name of our own tells this import from any earlier one.
  await app.getByTestId('import-name').fill('GIM small e2e');
  await app.getByTestId('import-next').click();
  await app.getByTestId('import-start').click();
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 20_000 });
  await app.getByTestId('import-done').click();

  // The page, by its keyboard shortcut.
  await app.keyboard.press('Alt+7');
  await expect(app.getByTestId('gim-page')).toBeVisible();
  await app.getByTestId('gim-dataset').selectOption({ label: 'GIM small e2e' });
  await expect(app.getByTestId('gim-context-column')).toHaveValue('context');
  await expect(app.getByTestId('gim-obs-label')).toHaveValue('obs');
  await expect(app.getByTestId('gim-contexts')).toContainText('18 perturbation contexts');
  await expect(app.getByTestId('gim-errors')).toContainText('Feature table:');
  // A feature table that does not describe the contexts is refused with what is wrong and where.
  await app.getByTestId('gim-features-path').fill(`${FIXTURE}/truth.json`);
  await app.getByTestId('gim-features-read').click();
  await app.getByTestId('gim-train').click();
  await expect(app.getByTestId('gim-page').getByRole('alert')).toContainText('truth.json', {
    timeout: 15_000,
  });
  await app.getByTestId('gim-features-path').fill(`${FIXTURE}/features.csv`);
  await app.getByTestId('gim-features-read').click();
  await expect(app.getByTestId('gim-features-chosen')).toContainText('features.csv');
  await expect(app.getByTestId('gim-errors')).toHaveCount(0);
  await app.getByTestId('gim-epochs').fill('150');
  await app.getByTestId('gim-name').fill('GIM e2e');

  // Train: the loss curve grows epoch by epoch, and the new model opens with its card.
  await app.getByTestId('gim-train').click();
  await expect(app.getByTestId('gim-train-done')).toBeVisible({ timeout: 30_000 });
  expect(await app.getByTestId('loss-curve').locator('circle').count()).toBeGreaterThan(1);
  await expect(app.getByTestId('gim-model-card')).toContainText('18 contexts');
  await expect(app.getByTestId('gim-model-card')).toContainText('learned jointly');

  // Predict an unseen dose (1.5, between the trained 1 and 2) of compound type 1, from its dose-1 row.
  await app.getByTestId('gim-predict-row').selectOption('cmpd01_1');
  await expect(app.getByTestId('gim-feature-dose')).toHaveValue('1');
  await app.getByTestId('gim-feature-dose').fill('1.5');
  await expect(app.getByTestId('gim-warning-dose')).toHaveCount(0);
  await app.getByTestId('gim-predict-run').click();
  await expect(app.getByTestId('gim-prediction')).toBeVisible({ timeout: 20_000 });
  await expect(app.getByTestId('gim-shift-plot').locator('rect').first()).toBeVisible();
  const top = (await app.getByTestId('gim-target-0').locator('th').textContent())?.trim() ?? '';
  const cmpd01 = truth.types.find((t) => t.name === 'cmpd01')!.targets;
  expect(cmpd01, `top predicted target ${top}`).toContain(top);
  await expect(app.getByTestId(`gim-path-node-${top}`)).toBeVisible();

  // Validate on the same data before trusting it: a table of methods and a chart.
  await app.getByTestId('gim-validate').click();
  await expect(app.getByTestId('gim-validation-table')).toBeVisible({ timeout: 40_000 });
  for (const m of ['gim', 'no-change', 'mlp', 'nearest'])
    await expect(app.getByTestId(`gim-row-${m}`)).toBeVisible();
  await expect(app.getByTestId('gim-validation-chart').locator('rect').first()).toBeVisible();
  await expect(app.getByTestId('gim-verdict')).toContainText('“no change”');

  // Send the prediction to Drug ranking as a query signature: it is offered there.
  await app.getByTestId('gim-send-query').click();
  await expect(app.getByTestId('gim-sent')).toContainText('Saved');
  await app.getByTestId('gim-open-drugs').click();
  await app.getByTestId('rank-open').click();
  await expect(app.getByTestId('rank-disease').locator('option', { hasText: 'dose=1.5' })).toHaveCount(1);
});
