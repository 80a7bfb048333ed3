// The wizard's choices applied to a read matrix, in order: gene names from a chosen gene column,
// identifier mapping with the offline table, duplicate-gene merge, the sample sheet, the sample roles;
// then the common checks of validate.ts. Nothing here writes anything.
import { mergeDuplicateGenes, type DuplicateMerge } from '../genes/duplicates.ts';
import { classifyColumn, renameGenes, type GeneIdKind, type GeneMap } from '../genes/gene-map.ts';
import { invalid, type MatrixRead, type MetaColumn, type MetaTable } from '../io/types.ts';
import { detectRoles } from '../io/sample-roles.ts';
import { readSampleSheet, validateMatrix } from '../io/validate.ts';
import { applyRoles, type RoleName } from './roles.ts';

export interface ImportChoices {
  geneColumn?: string | undefined;
  mapGenesTo?: GeneIdKind | undefined;
  /** How to merge duplicate gene names; without it duplicates are refused by the common checks. */
  duplicates?: DuplicateMerge | undefined;
  roles: Partial<Record<RoleName, string>>;
  /** Fill the roles not given in `roles` with the guesses by column name (the wizard's suggestions). */
  suggestRoles?: boolean | undefined;
  samplesSheet?: string | undefined;
}

export interface PreparedImport {
  read: MatrixRead;
  genes: { merged: number; renamed: number; unmapped: number };
  /** The roles applied: role → source column. */
  roles: Partial<Record<RoleName, string>>;
}

/**
 * A gene column whose values are (≥ 90 %) gene identifiers of one kind: a second identifier for each gene.
 * Columns that mostly repeat one value (a 10x feature_types column) or hold free text are annotations.
 */
export function identifierColumnKind(col: MetaColumn): GeneIdKind | null {
  const present = col.filter((v) => v !== null && String(v).trim() !== '').map((v) => String(v).trim());
  if (present.length === 0 || new Set(present).size < 0.5 * present.length) return null;
  if (present.some((v) => /\s/.test(v))) return null;
  return classifyColumn(present);
}

/** Adds the pairs of the dataset's own gene table (row names ↔ identifier columns) to the map. */
export function learnFromGeneTable(genes: readonly string[], geneMeta: MetaTable, map: GeneMap): number {
  let added = 0;
  for (const col of Object.values(geneMeta)) {
    if (identifierColumnKind(col) !== null) added += map.addPairs(genes, col);
  }
  return added;
}

/** Gene names taken from a gene column; empty cells keep the row name. The old names stay as `source_id`. */
function genesFromColumn(read: MatrixRead, column: string): { genes: string[]; geneMeta: MetaTable } {
  const col = read.geneMeta[column];
  if (!col) throw invalid(read.file, `has no gene column "${column}".`, { column });
  const genes = read.matrix.genes.map((g, i) => {
    const v = col[i];
    return v === null || v === undefined || String(v).trim() === '' ? g : String(v).trim();
  });
  return { genes, geneMeta: { ...read.geneMeta, source_id: read.matrix.genes } };
}

export function prepareImport(read: MatrixRead, choices: ImportChoices, map: GeneMap): PreparedImport {
  let genes = read.matrix.genes;
  let geneMeta = read.geneMeta;
  learnFromGeneTable(genes, geneMeta, map);
  if (choices.geneColumn) ({ genes, geneMeta } = genesFromColumn(read, choices.geneColumn));
  let renamed = 0;
  let unmapped = 0;
  if (choices.mapGenesTo) {
    const r = renameGenes(genes, map, choices.mapGenesTo);
    if (r.renamed > 0 && !geneMeta['source_id']) geneMeta = { ...geneMeta, source_id: genes };
    ({ renamed, unmapped } = r);
    genes = r.genes;
  }
  const merged = choices.duplicates
    ? mergeDuplicateGenes({ ...read.matrix, genes }, geneMeta, choices.duplicates)
    : { matrix: { ...read.matrix, genes }, geneMeta, merged: 0 };
  let sampleMeta = read.sampleMeta;
  if (choices.samplesSheet) {
    sampleMeta = { ...sampleMeta, ...readSampleSheet(choices.samplesSheet, read.matrix.samples) };
  }
  const roles = choices.suggestRoles ? { ...detectRoles(sampleMeta), ...choices.roles } : choices.roles;
  sampleMeta = applyRoles(read.file, sampleMeta, roles);
  const out: MatrixRead = { ...read, matrix: merged.matrix, geneMeta: merged.geneMeta, sampleMeta };
  validateMatrix(out);
  return { read: out, genes: { merged: merged.merged, renamed, unmapped }, roles };
}
