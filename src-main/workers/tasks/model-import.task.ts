import { z } from 'zod';
import { ModelCardInput, ModelGenesSource, ModelValidationReport } from '#shared/contracts/transport.ts';
import { resolveGenes } from '../../compute/inference/gene-list.ts';
import { importUserModel } from '../../compute/inference/model-import.ts';
import { validateUserModel } from '../../compute/inference/validate-user-model.ts';
import { ProviderSetting } from '../../compute/inference/providers.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import type { Task } from '../runtime.ts';

/** A project dataset main resolved to its matrix file. */
const DatasetRef = z.object({ id: z.string(), name: z.string(), matrixPath: z.string() });

export const ModelValidateParams = z.object({
  path: z.string(),
  genes: ModelGenesSource.optional(),
  inputName: z.string().optional(),
  /** Datasets the gene sources or the overlap refer to, resolved by main. */
  datasets: z.array(DatasetRef).default([]),
  overlapDatasetId: z.string().optional(),
  provider: ProviderSetting.default('cpu'),
});

export const ModelImportParams = ModelValidateParams.extend({
  card: ModelCardInput,
  modelId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/),
  outDir: z.string(),
  resultPath: z.string().optional(),
});

function datasetGenes(datasets: z.infer<typeof DatasetRef>[]) {
  return (id: string): string[] => {
    const d = datasets.find((x) => x.id === id);
    if (!d) throw new Error(`dataset ${id} was not resolved`);
    return readMatrixArrow(d.matrixPath).genes;
  };
}

function overlapWith(p: z.infer<typeof ModelValidateParams>) {
  const d = p.datasets.find((x) => x.id === p.overlapDatasetId);
  return d ? { dataset: d.name, genes: datasetGenes(p.datasets)(d.id) } : null;
}

/** Validates a user's `.onnx` (structure, session, one dummy inference, gene overlap): a report, never a crash. */
export const modelValidateTask: Task = async (raw, ctx) => {
  const p = ModelValidateParams.parse(raw);
  await ctx.progress('Validating the model', 0.1);
  const genes = p.genes ? resolveGenes(p.genes, datasetGenes(p.datasets)) : null;
  const { report } = await validateUserModel(p.path, {
    genes,
    ...(p.inputName ? { inputName: p.inputName } : {}),
    overlap: overlapWith(p),
    provider: p.provider,
  });
  return ModelValidationReport.parse(report);
};

/** model.import: validate, then copy the file with its card and sha256 into the project's models/. */
export const modelImportTask: Task = async (raw, ctx) => {
  const p = ModelImportParams.parse(raw);
  await ctx.progress('Reading the gene list', 0.02);
  const genes = resolveGenes(p.card.genes, datasetGenes(p.datasets));
  const { card, report } = await importUserModel({
    path: p.path,
    modelId: p.modelId,
    card: p.card,
    genes,
    outDir: p.outDir,
    overlap: overlapWith(p),
    provider: p.provider,
    onPhase: (phase, f) => ctx.progress(phase, f),
  });
  const summary = { modelId: card.id, sha256: card.sha256, kind: card.kind, genes: genes.length, report };
  if (p.resultPath) writeFileAtomic(p.resultPath, JSON.stringify(summary));
  return summary;
};
