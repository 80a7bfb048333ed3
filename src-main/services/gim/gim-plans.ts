import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  GIM_DEFAULTS,
  GIM_MODEL_FILES,
  type GimTrainSpec,
  type GimValidateSpec,
} from '#shared/contracts/gim.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { sourceFile } from '../datasets/import-paths.ts';
import { modelIdFor } from '../jobs/plans/model-train.plan.ts';
import type { Planner } from '../jobs/plans/plan.ts';
import { appVersion } from '../paths.ts';
import type { ProjectService } from '../projects/project-service.ts';
import { gimDir, gimModelDir, gimStagingDir } from './gim-store.ts';

type DataSpec = GimTrainSpec | GimValidateSpec;

/** The files and choices every gim.* task reads, checked and resolved inside the project. */
function gimDataParams(
  projects: ProjectService,
  spec: DataSpec,
  resultPath: string,
): Omit<TaskParams<'gim.validate'>, 'methods'> {
  const dataset = projects.dataset(spec.datasetId);
  if (dataset.kind !== 'expression')
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${dataset.name} is not an expression dataset (cells × genes).`,
    );
  if (!dataset.samplesFile) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${dataset.name} has no sample table, so it has no "${spec.contextColumn}" column naming each cell's perturbation context.`,
    );
  }
  const featuresPath = sourceFile(spec.features, 'feature table');
  let network: TaskParams<'gim.train'>['network'] = null;
  if (spec.networkRunId !== undefined) {
    const run = projects.summary()?.manifest.runs.find((r) => r.id === spec.networkRunId);
    if (!run) throw new CausewayError('E_NOT_FOUND', `No run "${spec.networkRunId}" in this project.`);
    if (run.kind !== 'network.discover')
      throw new CausewayError('E_INVALID_INPUT', `Run "${run.label}" is not a causal discovery run.`);
    network = { runId: run.id, graphPath: projects.resolveFile(run.resultFile) };
  }
  const genes: TaskParams<'gim.train'>['genes'] = spec.geneList
    ? { mode: 'list', genes: spec.geneList }
    : spec.genes !== undefined || !network
      ? { mode: 'topVariable', n: spec.genes ?? GIM_DEFAULTS.genes }
      : { mode: 'network' };
  return {
    dataset: { id: dataset.id, name: dataset.name },
    matrixPath: projects.resolveFile(dataset.matrixFile),
    samplesPath: projects.resolveFile(dataset.samplesFile),
    contextColumn: spec.contextColumn,
    observationalLabel: spec.observationalLabel,
    featuresPath,
    featuresName: basename(featuresPath),
    genes,
    network,
    epochs: spec.epochs,
    hiddenUnits: spec.hiddenUnits,
    seed: spec.seed,
    appVersion: appVersion(),
    resultPath,
  };
}

const geneParam = (g: TaskParams<'gim.train'>['genes']): string | number =>
  g.mode === 'list' ? g.genes.join(',').slice(0, 10_000) : g.mode === 'topVariable' ? g.n : 'network';

function writableProject(projects: ProjectService): string {
  const summary = projects.summary();
  if (!summary) throw new CausewayError('E_NOT_FOUND', 'Open a project first.');
  if (summary.readOnly)
    throw new CausewayError('E_IO', `${summary.dir} is read-only; save a copy elsewhere.`);
  return summary.dir;
}

/**
 * gim.train: the worker reads the data, trains and writes the model folder (model, card, the feature
 * table) into a hidden staging folder, then renames it to gim/<modelId>/ whole, so a failed or cancelled
 * training leaves no half-written model.
 */
export const planGimTrain: Planner<'gim.train'> = (spec, projects, runId) => {
  const dir = writableProject(projects);
  const modelId = spec.modelId ?? modelIdFor(spec.name, runId);
  if (existsSync(gimModelDir(dir, modelId)))
    throw new CausewayError('E_INVALID_INPUT', `A model "${modelId}" already exists.`);
  const result = projects.prepareResultFile(runId, 'json');
  const data = gimDataParams(projects, spec, result.absPath);
  mkdirSync(gimDir(dir), { recursive: true });
  const stagingDir = gimStagingDir(dir, modelId);
  const finalDir = gimModelDir(dir, modelId);
  const params: TaskParams<'gim.train'> = {
    ...data,
    modelId,
    name: spec.name,
    runId,
    stagingDir,
    modelDir: finalDir,
  };
  const label = `Train GIM "${spec.name}" on ${data.dataset.name}`.slice(0, 300);
  // One task, so its per-epoch loss reaches the page as it comes (fan-out progress is coalesced).
  return {
    task: 'gim.train',
    params,
    label,
    // A failed or cancelled job records no run: nothing it wrote may stay (the id was free when planned).
    discard: () => {
      rmSync(stagingDir, { recursive: true, force: true });
      rmSync(finalDir, { recursive: true, force: true });
      rmSync(result.absPath, { force: true });
    },
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { datasetId: data.dataset.id, ...(data.network ? { networkRunId: data.network.runId } : {}) },
      params: {
        modelId,
        name: spec.name,
        contextColumn: spec.contextColumn,
        observationalLabel: spec.observationalLabel,
        featureTable: data.featuresName,
        genes: geneParam(data.genes),
        epochs: spec.epochs,
        hiddenUnits: spec.hiddenUnits,
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};

/** gim.predict: one short worker task reads the saved model and writes the prediction document. */
export const planGimPredict: Planner<'gim.predict'> = (spec, projects, runId) => {
  const dir = writableProject(projects);
  const modelDir = gimModelDir(dir, spec.modelId);
  if (!existsSync(join(modelDir, GIM_MODEL_FILES.model)))
    throw new CausewayError('E_NOT_FOUND', `No GIM "${spec.modelId}" in this project.`);
  const result = projects.prepareResultFile(runId, 'json');
  const described = Object.entries(spec.features)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const name = (spec.name ?? `${spec.modelId}: ${described}`).slice(0, 200);
  const label = `GIM prediction ${name}`.slice(0, 300);
  return {
    task: 'gim.predict',
    params: {
      modelDir,
      modelId: spec.modelId,
      features: spec.features,
      name,
      seed: spec.seed,
      appVersion: appVersion(),
      resultPath: result.absPath,
    },
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: {},
      params: { modelId: spec.modelId, name, features: JSON.stringify(spec.features).slice(0, 10_000) },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};

/** gim.validate: leave-one-context-out over the methods, in one worker task. */
export const planGimValidate: Planner<'gim.validate'> = (spec, projects, runId) => {
  writableProject(projects);
  const result = projects.prepareResultFile(runId, 'json');
  const data = gimDataParams(projects, spec, result.absPath);
  const label = `GIM validation on ${data.dataset.name}`.slice(0, 300);
  return {
    task: 'gim.validate',
    params: { ...data, methods: spec.methods },
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { datasetId: data.dataset.id, ...(data.network ? { networkRunId: data.network.runId } : {}) },
      params: {
        contextColumn: spec.contextColumn,
        observationalLabel: spec.observationalLabel,
        featureTable: data.featuresName,
        genes: geneParam(data.genes),
        methods: spec.methods.join(','),
        epochs: spec.epochs,
        hiddenUnits: spec.hiddenUnits,
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};
