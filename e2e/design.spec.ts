import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './server-fixture.ts';

// Issue 14: plan the next experiments on a small stability discovery of the demo and export the plate plan.
test('design the next experiment on a stability network: ranked perturbations, drawn edges, plate plan CSV', async ({
  app,
  server,
}) => {
  await app.getByTestId('open-demo').click();
  await expect(app.getByTestId('app-shell')).toBeVisible();
  await app.getByTestId('nav-network').click();
  await app.getByTestId('discover-open').click();

  // A small GSP run with stability selection (4 subsamples) on the PPI subnetwork's genes.
  const wizard = app.getByTestId('discover-wizard');
  await app.locator('[data-testid="wizard-dataset"][value="a549_cells"]').check();
  await app.getByTestId('wizard-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'genes');
  await app.getByTestId('genes-network').check();
  await app.getByTestId('genes-network-select').selectOption('ppi_252');
  await app.getByTestId('restrict-network').selectOption('ppi_252');
  await app.getByTestId('wizard-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'algorithm');
  await app.getByTestId('algo-gsp').check();
  await app.getByTestId('wizard-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'parameters');
  await app.getByTestId('param-alpha').fill('0.01');
  await app.getByTestId('param-subsamples').fill('4');
  await app.getByTestId('param-alphas').fill('0.01, 0.1');
  await app.getByTestId('wizard-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'review');
  await app.getByTestId('wizard-start').click();

  const run = app.locator('[data-testid="network-source"][data-source^="run:"]');
  await expect(run).toHaveAttribute('aria-pressed', 'true', { timeout: 45_000 });
  await expect(app.getByTestId('network-canvas')).toHaveAttribute('data-ready', 'true');

  // The entry point: a stability run keeps its subsample DAGs.
  await app.getByTestId('design-open').click();
  const panel = app.getByTestId('design-panel');
  await expect(panel).toBeVisible();
  await app.getByTestId('design-budget').fill('3');
  await app.getByTestId('design-rounds').fill('1');
  await expect(app.getByTestId('design-start')).toHaveText('Plan 3 experiments');
  await app.getByTestId('design-start').click();

  // The ranked list: 3 genes in round 1, each with a positive expected gain, best first.
  const rows = app.getByTestId('design-row');
  await expect(rows).toHaveCount(3, { timeout: 30_000 });
  await expect(panel.getByText('Round 1')).toBeVisible();
  const gains = (await rows.locator('.gain').allTextContents()).map((t) => Number(/[\d.]+/.exec(t)![0]));
  expect(gains.every((g) => g > 0)).toBe(true);
  expect(gains).toEqual([...gains].sort((a, b) => b - a));
  await expect(app.getByTestId('design-gain-curve')).toBeVisible();

  // The first pick's edges are highlighted on the canvas; the keyboard moves to the next pick.
  const drawn = app.getByTestId('design-drawn');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
  await expect(drawn).toHaveAttribute('data-drawn', /^[1-9]\d*$/);
  const firstGene = await rows.first().getAttribute('data-gene');
  expect(await drawn.getAttribute('data-edges')).toContain(firstGene!);
  await app.getByTestId('design-list').focus();
  await app.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  const secondGene = await rows.nth(1).getAttribute('data-gene');
  await expect(drawn).toHaveAttribute('data-edges', new RegExp(secondGene!));

  // The plate plan: provenance comment lines, the header, one row per proposed perturbation.
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByTestId('design-export-csv').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^plate-plan-.+\.csv$/);
  const lines = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  const body = lines.filter((l) => !l.startsWith('#'));
  expect(lines.some((l) => l.startsWith('# goal: orient'))).toBe(true);
  expect(body[0]).toBe('gene,perturbation_type,round,rank,expected_gain,information_bits,edges_oriented');
  expect(body).toHaveLength(4);
  const genes = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-gene')));
  body.slice(1).forEach((line, i) => {
    expect(line.startsWith(`${genes[i]},knockout,1,${i + 1},`)).toBe(true);
    expect(line).toContain('>'); // the edges it would orient, "A>B (0.75)"
  });

  // The simulation view: random picks on the same DAGs beside the plan.
  await expect(app.getByTestId('design-gain-curve-legend')).toContainText('Random picks');
  await expect(app.getByTestId('design-random')).toBeVisible();

  // Goal target: reverse the demo's disease signature, two rounds of CIV shifts.
  await app.getByTestId('design-new').click();
  await app.getByTestId('design-goal-target').check();
  // A state observed in another condition needs the dataset's sample columns: the demo's has none.
  await app.getByTestId('design-target-condition').check();
  await expect(app.getByTestId('design-errors')).toContainText('no sample column with two values or more');
  await expect(app.getByTestId('design-start')).toBeDisabled();
  await app.getByTestId('design-target-signature').check();
  await expect(app.getByTestId('design-signature')).toBeVisible();
  await expect(app.getByTestId('design-acquisition-civ')).toBeChecked();
  await app.getByTestId('design-rounds').fill('2');
  await expect(app.getByTestId('design-start')).toHaveText('Plan 2 rounds');
  await app.getByTestId('design-start').click();
  await expect(app.locator('[data-testid="design-results"][data-goal="target"]')).toBeVisible({
    timeout: 30_000,
  });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(/[↑↓]/);
  await expect(app.getByTestId('design-shift-bars')).toBeVisible();
  await expect(app.getByTestId('design-simulation-legend')).toContainText('Random shifts');
  const [target] = await Promise.all([
    app.waitForEvent('download'),
    app.getByTestId('design-export-csv').click(),
  ]);
  const targetLines = readFileSync((await target.path())!, 'utf8').split(/\r?\n/);
  expect(targetLines.some((l) => l.startsWith('# goal: target'))).toBe(true);

  // Escape closes the panel; the edge list is back.
  await app.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // Leave no trace for the specs that share this server: they open a fresh copy of the demo.
  await app.getByTestId('close-project').click();
  await expect(app.getByTestId('start-screen')).toBeVisible();
  rmSync(join(server.dataDir, 'demo-project'), { recursive: true, force: true });
});
