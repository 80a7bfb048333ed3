import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './server-fixture.ts';

const REAL = resolve('src-main/compute/io/fixtures/real');
const BAD = resolve('src-main/compute/io/fixtures/bad');

test.describe.configure({ mode: 'serial' });

/** Each page starts at the start screen; the demo opens as a writable copy in one click. */
async function openDemo(app: Page): Promise<void> {
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('app-shell')).toBeVisible();
  await app.getByTestId('nav-data').click();
}

test('import the Sachs table by path: preview, orientation, roles, check, PCA summary; then a signature', async ({
  app,
}) => {
  await openDemo(app);
  await app.getByTestId('import-data').click();
  const wizard = app.getByTestId('import-wizard');
  await expect(wizard).toHaveAttribute('data-step', 'choose');

  await app.getByTestId('import-path').fill(`${REAL}/sachs_all_conditions.tsv.gz`);
  await app.getByTestId('import-read').click();
  await expect(wizard).toHaveAttribute('data-step', 'preview', { timeout: 30_000 });
  await expect(app.getByTestId('import-format')).toHaveText('tsv');
  await expect(app.getByTestId('import-shape')).toContainText('11 genes × 7,466 samples');
  await expect(app.getByTestId('import-preview')).toContainText('raf');
  // The orientation is a guess: the wizard will not go on until the user confirms it.
  await app.getByTestId('import-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'preview');
  await expect(wizard.getByRole('alert')).toContainText('Confirm which way round');
  await app.getByTestId('orientation-samples-x-genes').check();
  await app.getByTestId('import-next').click();

  await expect(wizard).toHaveAttribute('data-step', 'roles');
  await expect(app.getByTestId('role-condition')).toHaveValue('condition');
  await expect(app.getByTestId('role-intervention_targets')).toHaveValue('intervention_target');
  await app.getByTestId('import-name').fill('Sachs 2005');
  await app.getByTestId('import-next').click();

  await expect(wizard).toHaveAttribute('data-step', 'validate');
  await expect(app.getByTestId('validation-ok')).toContainText('2 sample roles mapped');
  await expect(app.getByTestId('gene-id-report')).toBeVisible();
  await app.getByTestId('import-start').click();

  const summary = app.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('import-summary-dims')).toContainText('11 genes × 7,466 samples');
  const pca = app.getByTestId('pca-plot');
  await expect(pca).toBeVisible();
  expect(await pca.locator('circle').count()).toBe(5000);
  await expect(app.getByTestId('pca-colour-by')).toHaveValue('condition');
  await expect(summary.getByRole('list', { name: 'Legend: condition' })).toContainText('cd3cd28+u0126');
  await expect(app.getByTestId('library-sizes').locator('rect').first()).toBeVisible();
  await expect(app.getByTestId('value-distribution').locator('rect').first()).toBeVisible();
  await app.getByTestId('import-done').click();
  await expect(app.locator('[data-testid="dataset-row"]').filter({ hasText: 'Sachs 2005' })).toContainText(
    '7,466',
  );

  // Disease-signature builder: MEK inhibitor (U0126) against the CD3/CD28 baseline.
  await app.getByTestId('open-signature-builder').click();
  await app.getByTestId('signature-dataset').selectOption({ label: 'Sachs 2005' });
  await expect(app.getByTestId('signature-column')).toHaveValue('condition');
  await app.getByTestId('signature-case-cd3cd28+u0126').check();
  await app.getByTestId('signature-control-cd3cd28').check();
  await app.getByTestId('signature-start').click();
  const volcano = app.getByTestId('volcano-plot');
  await expect(volcano).toBeVisible({ timeout: 60_000 });
  expect(await volcano.locator('circle').count()).toBe(11);
  await expect(volcano.locator('text.gene').first()).toBeVisible();
});

test('upload the Kang h5ad from the browser and see its PCA by cell type', async ({ app }) => {
  await openDemo(app);
  await app.getByTestId('import-data').click();
  const wizard = app.getByTestId('import-wizard');
  await app.getByTestId('import-file-input').setInputFiles(`${REAL}/kang2018_valid_first120.h5ad`);
  await expect(wizard).toHaveAttribute('data-step', 'preview', { timeout: 30_000 });
  await expect(app.getByTestId('import-format')).toHaveText('h5ad');
  await expect(app.getByTestId('import-shape')).toContainText('6,998 genes × 120 samples');
  // h5ad fixes the orientation (cells × genes): nothing to confirm.
  await expect(app.getByTestId('orientation-samples-x-genes')).toBeChecked();
  await app.getByTestId('import-next').click();
  await expect(app.getByTestId('role-condition')).toHaveValue('condition');
  await expect(app.getByTestId('role-cell_type')).toHaveValue('cell_type');
  await app.getByTestId('import-next').click();
  await expect(app.getByTestId('validation-ok')).toBeVisible();
  await app.getByTestId('import-start').click();

  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('import-summary-dims')).toContainText('6,998 genes × 120 samples');
  await expect(app.getByTestId('pca-plot').locator('circle')).toHaveCount(120);
  await app.getByTestId('pca-colour-by').selectOption('cell_type');
  await expect(app.getByRole('list', { name: 'Legend: cell_type' })).toContainText('CD4T');
  await app.getByTestId('import-done').click();
  await expect(
    app.locator('[data-testid="dataset-row"]').filter({ hasText: 'kang2018_valid_first120.h5ad' }),
  ).toContainText('120');
});

test('a bad file shows a clear validation error and imports nothing', async ({ app }) => {
  await openDemo(app);
  const before = await app.getByTestId('dataset-row').count();
  await app.getByTestId('import-data').click();
  await app.getByTestId('import-path').fill(`${BAD}/non-numeric-cell.csv`);
  await app.getByTestId('import-read').click();
  const error = app.getByTestId('validation-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText('non-numeric-cell.csv');
  await expect(error).toContainText('row 3');
  await expect(app.getByTestId('import-next')).toBeDisabled();

  // Uploaded junk is refused the same way.
  await app.getByTestId('import-file-input').setInputFiles(`${BAD}/png-named.csv`);
  await expect(error).toContainText('png-named.csv', { timeout: 30_000 });
  await app.getByTestId('import-close').click();
  await expect(app.getByTestId('dataset-row')).toHaveCount(before);
});

test('import a network through the wizard: matched genes, a reference.import job, the network', async ({
  app,
}) => {
  await openDemo(app);
  await app.getByTestId('import-data').click();
  const wizard = app.getByTestId('import-wizard');
  await app.getByTestId('import-path').fill(`${REAL}/ppi_network_252nodes.edges.tsv`);
  await app.getByTestId('import-read').click();
  await expect(app.getByTestId('import-reference')).toBeVisible({ timeout: 30_000 });
  await expect(wizard).toHaveAttribute('data-step', 'choose');
  // Before anything is imported: how many of its genes the demo's datasets know.
  const genes = app.getByTestId('import-reference-genes');
  await expect(genes).toContainText(/of 252 genes match genes of the project's\s+\d+ datasets/);
  expect(Number(await genes.getAttribute('data-matched'))).toBeGreaterThan(0);

  await app.getByTestId('import-reference-name').fill('PPI from the wizard');
  await app.getByTestId('import-reference-start').click();
  await expect(app.getByTestId('import-reference-done')).toContainText('PPI from the wizard', {
    timeout: 30_000,
  });
  await expect(genes).toContainText('of 252 genes match');
  await app.getByTestId('import-close').click();
  // The import ran as a job like any other: the Jobs page lists it, finished.
  await app.getByTestId('nav-jobs').click();
  await expect(
    app.locator('[data-testid="job-item"]').filter({ hasText: 'Import of PPI from the wizard' }),
  ).toHaveAttribute('data-state', 'finished');
});
