/**
 * Latent-space scoring hook: score in the space of a transport or embedding model instead of gene space.
 *
 * A model (its own issue: e.g. transporting drug effects to the disease cell type, or an autoencoder's latent
 * space; docs/methods.md §4) is seen here only as a row map from its input genes to its output features. The
 * disease signature and every streamed batch are mapped, and the unchanged scorer then computes the same
 * scores on the mapped vectors (output features play the role of genes; for a latent space, WTCS's "genes"
 * are latent dimensions). The map may be asynchronous, so an onnxruntime session can run it on a GPU.
 *
 * Input genes the data lack are an error listing them — the model's input is never zero-filled here; a model
 * that can impute missing inputs must say so by accepting a smaller input gene list.
 */
import { CausewayError } from '#shared/lib/result.ts';
import type { DiseaseSignature, SignatureBatch, SignatureCollection } from './scoring-types.ts';

export interface SignatureSpaceMap {
  /** Name recorded with results (model id and version). */
  readonly name: string;
  /** Genes the model reads, in the column order `mapRows` expects. */
  readonly inputGenes: readonly string[];
  /** Names of the output features (genes for a transport model, dimensions for an embedding). */
  readonly outputFeatures: readonly string[];
  /** rows × inputGenes (row-major) → rows × outputFeatures. */
  mapRows(values: Float32Array, rows: number): Float32Array | Promise<Float32Array>;
}

function inputColumns(space: SignatureSpaceMap, genes: readonly string[], side: string): Int32Array {
  const column = new Map(genes.map((gene, i) => [gene, i]));
  const missing = space.inputGenes.filter((gene) => !column.has(gene));
  if (missing.length > 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The ${side} lacks ${missing.length} of the ${space.inputGenes.length} input genes of ${space.name}.`,
      { missing },
    );
  }
  return Int32Array.from(space.inputGenes, (gene) => column.get(gene)!);
}

function checkedOutput(space: SignatureSpaceMap, output: Float32Array, rows: number): Float32Array {
  if (output.length !== rows * space.outputFeatures.length) {
    throw new CausewayError('E_INTERNAL', `${space.name} returned ${output.length} values for ${rows} rows.`);
  }
  return output;
}

export async function mapDiseaseSignature(
  disease: DiseaseSignature,
  space: SignatureSpaceMap,
): Promise<DiseaseSignature> {
  const columns = inputColumns(space, disease.genes, 'disease signature');
  const input = Float32Array.from(columns, (c) => disease.values[c]!);
  const nonFinite = space.inputGenes.filter((_, k) => !Number.isFinite(input[k]!));
  if (nonFinite.length > 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The disease signature has no value for ${nonFinite.length} input genes of ${space.name}.`,
      {
        missing: nonFinite,
      },
    );
  }
  const output = checkedOutput(space, await space.mapRows(input, 1), 1);
  return { genes: space.outputFeatures, values: Float64Array.from(output) };
}

export function mapSignatureCollection(
  collection: SignatureCollection,
  space: SignatureSpaceMap,
): SignatureCollection {
  const columns = inputColumns(space, collection.genes, 'signature collection');
  const width = collection.genes.length;
  const n = columns.length;
  async function* mapped(): AsyncGenerator<SignatureBatch> {
    for await (const batch of collection.batches) {
      const input = new Float32Array(batch.rows * n);
      for (let r = 0; r < batch.rows; r++) {
        for (let k = 0; k < n; k++) input[r * n + k] = batch.values[r * width + columns[k]!]!;
      }
      yield {
        values: checkedOutput(space, await space.mapRows(input, batch.rows), batch.rows),
        rows: batch.rows,
      };
    }
  }
  return { genes: space.outputFeatures, signatures: collection.signatures, batches: mapped() };
}
