import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import { ModelValidationReport } from '#shared/contracts/transport.ts';
import { resolveGenes } from '../../compute/inference/gene-list.ts';
import { importUserModel } from '../../compute/inference/model-import.ts';
import { validateUserModel } from '../../compute/inference/validate-user-model.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import type { Task } from '../runtime.ts';

function datasetGenes(datasets: ParsedTaskParams<'model.validate'>['datasets']) {
  return (id: string): string[] => {
    const d = datasets.find((x) => x.id === id);
    if (!d) throw new Error(`dataset ${id} was not resolved`);
    return readMatrixArrow(d.matrixPath).genes;
  };
}

function overlapWith(p: ParsedTaskParams<'model.validate'>) {
  const d = p.datasets.find((x) => x.id === p.overlapDatasetId);
  return d ? { dataset: d.name, genes: datasetGenes(p.datasets)(d.id) } : null;
}

/** Validates a user's `.onnx` (structure, session, one dummy inference, gene overlap): a report, never a crash. */
export const modelValidateTask: Task<'model.validate'> = async (p, ctx) => {
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
export const modelImportTask: Task<'model.import'> = async (p, ctx) => {
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
