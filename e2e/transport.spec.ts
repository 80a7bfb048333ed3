import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './server-fixture.ts';

const KANG = resolve('src-main/compute/io/fixtures/real/kang2018_valid_first120.h5ad');

test('import Kang, validate transport methods (table, chart, recommendation), train an autoencoder live', async ({
  app,
}) => {
  test.setTimeout(180_000);
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('app-shell')).toBeVisible();
  await app.getByTestId('nav-data').click();
  // The demo has no multi-cell-type data: import the Kang h5ad through the import wizard.
  await app.getByTestId('import-data').click();
  await app.getByTestId('import-path').fill(KANG);
  await app.getByTestId('import-read').click();
  const wizard = app.getByTestId('import-wizard');
  await expect(wizard).toHaveAttribute('data-step', 'preview', { timeout: 30_000 });
  await app.getByTestId('import-next').click();
  await expect(app.getByTestId('role-cell_type')).toHaveValue('cell_type');
  // Specs share one server: a name of our own tells this import from any earlier one.
  await app.getByTestId('import-name').fill('Kang transport');
  await app.getByTestId('import-next').click();
  await app.getByTestId('import-start').click();
  await expect(app.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 });
  await app.getByTestId('import-done').click();

  await app.getByTestId('nav-transport').click();
  await expect(app.getByTestId('transport-page')).toBeVisible();
  await app.getByTestId('transport-dataset').selectOption({ label: 'Kang transport' });
  await expect(app.getByTestId('transport-celltype-column')).toHaveValue('cell_type');
  await expect(app.getByTestId('transport-condition-column')).toHaveValue('condition');
  await expect(app.getByTestId('transport-control')).toHaveValue('control');
  await expect(app.getByTestId('transport-perturbed-stimulated')).toBeChecked();
  await app.getByTestId('transport-target').selectOption('CD4T');
  await app.getByTestId('transport-run').click();

  const table = app.getByTestId('transport-table');
  await expect(table).toBeVisible({ timeout: 90_000 });
  for (const m of ['none', 'nearest', 'additive', 'ntk', 'si']) {
    await expect(app.getByTestId(`transport-row-${m}`)).toBeVisible();
    await expect(app.getByTestId(`transport-provider-${m}`)).toHaveText('cpu');
  }
  // Five methods × four metrics.
  await expect(app.getByTestId('transport-chart').locator('rect')).toHaveCount(20);
  const rec = app.getByTestId('transport-recommendation');
  await expect(rec).toContainText('Recommended:');
  await expect(rec).toContainText('beats “no change”');
  await expect(table.locator('tr[aria-current="true"]')).toHaveCount(1);
  await expect(app.getByTestId('transport-row-none')).not.toHaveAttribute('aria-current', 'true');

  // Train a small autoencoder: the loss curve grows as epochs finish, and the model becomes selectable.
  await app.getByTestId('settings-provider').selectOption('cpu');
  const train = app.getByTestId('model-train');
  await train.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Kang transport' });
  await app.getByTestId('train-holdout').selectOption('CD4T|stimulated');
  await app.getByTestId('train-name').fill('Kang small');
  await app.getByTestId('train-genes').fill('100');
  await app.getByTestId('train-epochs').fill('3');
  await app.getByTestId('train-start').click();
  await expect(app.getByTestId('train-done')).toContainText('ran on cpu', { timeout: 90_000 });
  await expect(app.getByTestId('loss-curve').locator('circle')).toHaveCount(3);
  await app.getByTestId('transport-method-latent-shift').check();
  await expect(app.getByTestId('transport-model').locator('option', { hasText: 'Kang small' })).toHaveCount(
    1,
  );
});

test('import a model through the browser upload path, with its model card; a non-autoencoder is listed disabled', async ({
  app,
}, testInfo) => {
  test.setTimeout(120_000);
  const manifest = JSON.parse(readFileSync(resolve('resources/models/manifest.json'), 'utf8')) as {
    models: { file: string; genes: string[] }[];
  };
  const shipped = manifest.models[0]!;
  // The card declares the file "other": imported and listed, but latent shift must not be offered it.
  const cardFile = testInfo.outputPath('uploaded.card.json');
  writeFileSync(
    cardFile,
    JSON.stringify({
      name: 'Uploaded classifier',
      kind: 'other',
      genes: shipped.genes,
      normalisation: 'log2p1-minmax',
      licence: 'CC-BY-4.0',
      provenance: 'e2e upload',
      training: 'not trained here',
    }),
  );
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('app-shell')).toBeVisible();
  await app.getByTestId('nav-transport').click();
  await app.getByTestId('model-import-open').click();

  await app.getByTestId('model-card-file-input').setInputFiles(cardFile);
  await expect(app.getByTestId('model-card-status')).toContainText('uploaded.card.json (1000 genes)');
  await app.getByTestId('model-import-file-input').setInputFiles(resolve('resources/models', shipped.file));
  await expect(app.getByTestId('model-import-name')).toHaveValue('Uploaded classifier', { timeout: 30_000 });
  await expect(app.getByTestId('model-import-genes-from')).toHaveValue('card');
  await expect(app.getByTestId('model-import-kind')).toHaveValue('other');
  await app.getByTestId('model-import-validate').click();
  await expect(app.getByTestId('model-import-report')).toContainText('The model passed every check.', {
    timeout: 30_000,
  });
  await app.getByTestId('model-import-start').click();
  await expect(app.getByTestId('model-import-done')).toBeVisible({ timeout: 30_000 });

  await app.getByTestId('transport-method-latent-shift').check();
  const models = app.getByTestId('transport-model');
  const uploaded = models.locator('option', { hasText: 'Uploaded classifier' }).first();
  await expect(uploaded).toBeDisabled();
  await expect(uploaded).toContainText('cannot run latent shift: not an autoencoder');
  await expect(models.locator('option', { hasText: 'Kang 2018 PBMC autoencoder' })).toBeEnabled();
});
