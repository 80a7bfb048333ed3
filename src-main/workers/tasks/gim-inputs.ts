import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import type { GimFeatureInfo, GimFeatureRow } from '#shared/contracts/gim.ts';
import { encodeContexts, fitFeatureEncoding, type FeatureEncoding } from '../../compute/gim/features.ts';
import {
  dagFromDiscovery,
  discoveryGenes,
  readFeatureTable,
  readGimCells,
  type GimFeatureTable,
} from '../../compute/gim/gim-data.ts';
import type { GimData } from '../../compute/gim/types.ts';

/** What gim.train and gim.validate read: the data as the model sees it, plus what the card records. */
export interface GimInputs {
  data: GimData;
  table: GimFeatureTable;
  encoding: FeatureEncoding;
  /** Parent lists of the discovery run's DAG over data.genes; undefined: learned jointly. */
  parents: number[][] | undefined;
}

/** Reads the dataset's cells by context, the feature table and the DAG, and encodes the features. */
export function readGimInputs(
  p: ParsedTaskParams<'gim.validate'> | ParsedTaskParams<'gim.train'>,
): GimInputs {
  const table = readFeatureTable(p.featuresPath, p.featuresName);
  const cells = readGimCells({
    matrixPath: p.matrixPath,
    samplesPath: p.samplesPath,
    datasetName: p.dataset.name,
    contextColumn: p.contextColumn,
    observationalLabel: p.observationalLabel,
    genes: p.genes,
    networkGenes: p.network ? discoveryGenes(p.network.graphPath) : undefined,
  });
  const names = cells.contexts.map((c) => c.name);
  const encoding = fitFeatureEncoding(table, names);
  const { features } = encodeContexts(encoding, table, names);
  const data: GimData = {
    genes: cells.genes,
    featureNames: encoding.featureNames,
    observational: cells.observational,
    contexts: cells.contexts.map((c, k) => ({ ...c, features: features[k]! })),
  };
  const parents = p.network ? dagFromDiscovery(p.network.graphPath, cells.genes).parents : undefined;
  return { data, table, encoding, parents };
}

/** The encoding as the model card shows it: numeric features with their training range, categories with levels. */
export const featureInfo = (encoding: FeatureEncoding): GimFeatureInfo[] =>
  encoding.columns.map((c) =>
    c.kind === 'numeric'
      ? { name: c.name, kind: 'numeric', min: c.min, max: c.max }
      : { name: c.name, kind: 'categorical', levels: [...c.levels] },
  );

/** The training contexts' feature rows, typed as the encoding reads them (the page's "pick a row"). */
export function featureRows(inputs: GimInputs): GimFeatureRow[] {
  const byContext = new Map(inputs.table.rows.map((r) => [r.context, r.values]));
  const column = new Map(inputs.table.columns.map((c, i) => [c, i]));
  return inputs.data.contexts.map((c) => {
    const raw = byContext.get(c.name)!;
    const values: Record<string, string | number> = {};
    for (const spec of inputs.encoding.columns) {
      const text = raw[column.get(spec.name)!]!;
      values[spec.name] = spec.kind === 'numeric' ? Number(text) : text;
    }
    return { context: c.name, values };
  });
}
