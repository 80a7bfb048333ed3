import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SignatureSummary } from '#shared/contracts/data-import.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeDatasetStoreSync } from '../../compute/io/dataset-store/dataset-writer.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import { differentialExpression } from '../../compute/signatures/differential-expression.ts';
import { valueScale } from '../../compute/signatures/value-scale.ts';
import type { Task } from '../runtime.ts';

/** The columns of a signature dataset, in order. */
export const SIGNATURE_COLUMNS = ['log2fc', 't', 'p', 'fdr'] as const;
const FDR_LEVEL = 0.05;

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);

export const signatureBuildTask: Task<'signature.build'> = async (p, ctx) => {
  await ctx.progress('Reading the dataset', 0.05);
  const m = readMatrixArrow(p.matrixPath);
  const meta = readMetaArrow(p.samplesPath);
  const col = meta[p.column];
  if (!col) throw new CausewayError('E_INVALID_INPUT', `${p.sourceName} has no sample column "${p.column}".`);
  const ids = meta['sample'] ?? [];
  const position = new Map(m.samples.map((s, j) => [s, j]));
  const group = (values: string[]): number[] =>
    col.flatMap((v, r) => {
      const j = position.get(String(ids[r]));
      return v !== null && values.includes(String(v)) && j !== undefined ? [j] : [];
    });
  const caseSamples = group(p.caseValues);
  const controlSamples = group(p.controlValues);
  for (const [label, g, values] of [
    ['case', caseSamples, p.caseValues],
    ['control', controlSamples, p.controlValues],
  ] as const) {
    if (g.length < 2) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `The ${label} group (${p.column} = ${values.join(', ')}) has ${g.length} sample${g.length === 1 ? '' : 's'} in ${p.sourceName}; a t test needs at least 2.`,
      );
    }
  }
  await ctx.progress('Testing genes', 0.2);
  const scale = p.log2 === 'auto' ? valueScale(m.values) : null;
  const log2 = scale ? scale.raw : p.log2 === true;
  const de = differentialExpression({
    values: m.values,
    nGenes: m.genes.length,
    nSamples: m.samples.length,
    caseSamples,
    controlSamples,
    log2,
  });
  await ctx.progress('Writing the signature', 0.85);
  const nG = m.genes.length;
  // Sample-major, as the dataset store keeps it: each statistic's column is contiguous.
  const data = new Float32Array(nG * SIGNATURE_COLUMNS.length);
  [de.log2fc, de.t, de.p, de.fdr].forEach((c, k) => data.set(c.subarray(0, nG), k * nG));
  mkdirSync(p.tmpDir);
  try {
    writeDatasetStoreSync(join(p.tmpDir, 'matrix.arrow'), {
      genes: m.genes,
      samples: [...SIGNATURE_COLUMNS],
      data,
    });
    let significant = 0;
    for (let i = 0; i < nG; i++) if (de.fdr[i]! < FDR_LEVEL) significant++;
    const warnings = [
      ...(scale ? [`${log2 ? 'log2(x + 1) applied' : 'log2(x + 1) not applied'}: ${scale.reason}.`] : []),
      ...(de.untested > 0
        ? [`${de.untested} genes could not be tested (too few values or no variance).`]
        : []),
    ];
    const summary: SignatureSummary = {
      datasetId: p.datasetId,
      name: p.name,
      caseSamples: caseSamples.length,
      controlSamples: controlSamples.length,
      genes: m.genes,
      log2fc: Array.from(de.log2fc, finiteOrNull),
      p: Array.from(de.p, finiteOrNull),
      fdr: Array.from(de.fdr, finiteOrNull),
      significant,
      warnings,
    };
    writeFileAtomic(p.resultPath, JSON.stringify(summary));
  } catch (e) {
    rmSync(p.tmpDir, { recursive: true, force: true });
    rmSync(p.resultPath, { force: true });
    throw e;
  }
  return { nGenes: nG, caseSamples: caseSamples.length, controlSamples: controlSamples.length };
};
