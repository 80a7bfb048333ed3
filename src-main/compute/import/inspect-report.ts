// What the wizard shows before anything is imported: inspect.ts's fields from one read of the file,
// plus the sample and gene columns with example values, role guesses, gene-identifier coverage,
// duplicates, and the problems that would block the import.
import { basename } from 'node:path';
import type {
  GeneIdReport,
  InspectReport,
  MetaColumnInfo,
  ReferenceGeneMatch,
} from '#shared/contracts/data-import.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { findDuplicates } from '../genes/duplicates.ts';
import { summariseIds, type GeneMap } from '../genes/gene-map.ts';
import type { InspectResult } from '../io/inspect.ts';
import { detectRoles } from '../io/sample-roles.ts';
import type { MatrixRead, MetaColumn, MetaTable } from '../io/types.ts';
import { validateMatrix } from '../io/validate.ts';
import { describeGeneMatch, geneMatchWarnings } from './gene-match.ts';
import { identifierColumnKind, learnFromGeneTable } from './prepare.ts';
import { referenceShape, type ReferenceRead } from './reference.ts';

const PREVIEW_GENES = 8;
const PREVIEW_SAMPLES = 6;
const EXAMPLES = 12;
const MAX_COLUMNS = 200;
/** Makes duplicate gene names unique for the other checks; never appears in a message. */
const MARK = '\u0001dup';

function columnInfo(meta: MetaTable): MetaColumnInfo[] {
  return Object.entries(meta)
    .slice(0, MAX_COLUMNS)
    .map(([name, col]) => {
      const distinct = new Set<string>();
      let numeric = true;
      for (const v of col) {
        if (v === null) continue;
        if (typeof v !== 'number') numeric = false;
        distinct.add(String(v));
      }
      return { name, nDistinct: distinct.size, numeric, examples: [...distinct].slice(0, EXAMPLES) };
    });
}

function geneIdReport(column: string, names: readonly string[], map: GeneMap): GeneIdReport {
  const ids = summariseIds(names, map);
  const dup = findDuplicates(names);
  return {
    column,
    kind: ids.kind,
    mapped: ids.mapped,
    unmapped: ids.unmapped.length,
    unmappedExamples: ids.unmapped.slice(0, 8),
    duplicateNames: dup.names.length,
    duplicateRows: dup.rows,
    duplicateExamples: dup.names.slice(0, 8),
  };
}

const asNames = (col: MetaColumn): string[] => col.map((v) => (v === null ? '' : String(v).trim()));

export function buildInspectReport(
  read: MatrixRead,
  info: { fileName: string; bytes: number; layers: string[] },
  map: GeneMap,
): InspectReport {
  const { genes, samples, data } = read.matrix;
  const nG = genes.length;
  learnFromGeneTable(genes, read.geneMeta, map);
  const geneIds = [geneIdReport('', genes, map)];
  for (const [name, col] of Object.entries(read.geneMeta)) {
    if (identifierColumnKind(col) !== null && geneIds.length < 6)
      geneIds.push(geneIdReport(name, asNames(col), map));
  }
  let missing = 0;
  for (let k = 0; k < data.length; k++) if (Number.isNaN(data[k])) missing++;
  const errors: string[] = [];
  const warnings = [...read.warnings];
  // Duplicate genes are the user's choice to merge; every other check of validate.ts blocks.
  const unique = [...new Set(genes)];
  const probe: MatrixRead =
    unique.length === nG
      ? read
      : { ...read, matrix: { ...read.matrix, genes: genes.map((g, i) => `${g}${MARK}${i}`) } };
  try {
    validateMatrix(probe);
  } catch (e) {
    if (!(e instanceof CausewayError)) throw e;
    errors.push(
      e.message
        .split(MARK)
        .map((part, k) => (k === 0 ? part : part.replace(/^\d+/, '')))
        .join(''),
    );
  }
  const rowIds = geneIds[0] as GeneIdReport;
  if (rowIds.duplicateNames > 0) {
    warnings.push(
      `${rowIds.duplicateNames} gene names occur more than once (${rowIds.duplicateRows} rows, e.g. ${rowIds.duplicateExamples
        .slice(0, 3)
        .join(', ')}); choose how to merge them.`,
    );
  }
  if (rowIds.unmapped > 0) {
    warnings.push(
      `${rowIds.unmapped} of ${nG} gene names are not in the offline gene table (e.g. ${rowIds.unmappedExamples
        .slice(0, 3)
        .join(', ')}); they are imported under their own names.`,
    );
  }
  if (missing > 0) warnings.push(`${missing} values are missing; they stay missing (NaN) in the project.`);
  const pg = genes.slice(0, PREVIEW_GENES);
  const ps = samples.slice(0, PREVIEW_SAMPLES);
  const byRow = read.orientation === 'genes-x-samples';
  return {
    file: read.file,
    fileName: info.fileName || basename(read.file),
    bytes: info.bytes,
    format: read.format,
    kind: read.format === 'signature' ? 'signature' : 'matrix',
    shape: byRow ? [nG, samples.length] : [samples.length, nG],
    orientationGuess: read.orientation,
    orientationSource: read.orientationSource,
    nGenes: nG,
    nSamples: samples.length,
    metadataColumns: { samples: Object.keys(read.sampleMeta), genes: Object.keys(read.geneMeta) },
    preview: {
      genes: pg,
      samples: ps,
      values: pg.map((_, i) =>
        ps.map((__, j) => {
          const v = data[j * nG + i] as number;
          return Number.isFinite(v) ? v : null;
        }),
      ),
    },
    sampleColumns: columnInfo(read.sampleMeta),
    geneColumns: columnInfo(read.geneMeta),
    suggestedRoles: detectRoles(read.sampleMeta),
    geneIds,
    layers: info.layers,
    missingValues: missing,
    errors,
    warnings,
  };
}

/** The wizard's fields a network, a drug–target table or a quickly inspected file has nothing for. */
const NO_TABLES = {
  sampleColumns: [],
  geneColumns: [],
  suggestedRoles: {},
  geneIds: [],
  layers: [],
  missingValues: 0,
  errors: [],
};

/**
 * A network or drug–target table: its counts, and how its gene ids meet the project's genes. A poor
 * match is a warning, never an error: the import stays allowed.
 */
export function buildReferenceReport(
  ref: ReferenceRead,
  info: { file: string; fileName: string; bytes: number },
  match: ReferenceGeneMatch,
): InspectReport {
  const { nNodes, nEdges, nRows } = referenceShape(ref);
  const network = ref.kind === 'network';
  return {
    ...NO_TABLES,
    file: info.file,
    fileName: info.fileName || basename(info.file),
    bytes: info.bytes,
    format: ref.format,
    kind: ref.kind,
    // The same numbers inspect.ts gives: nodes × edges, or pairs × the table's five fields.
    shape: network ? [nNodes, nEdges] : [nRows, 5],
    orientationGuess: null,
    orientationSource: null,
    nGenes: nNodes,
    nSamples: 0,
    metadataColumns: { samples: [], genes: [] },
    preview: { genes: [], samples: [], values: [] },
    warnings: [
      ...geneMatchWarnings(match, network ? 'network' : 'drug–target table'),
      ...(match.datasets === 0 ? [describeGeneMatch(match)] : []),
    ],
    geneMatch: match,
  };
}

/**
 * A big file from inspect.ts's quick path (first rows, a scan for the shape): the matrix is not read,
 * so columns carry names only, gene ids are judged on the preview's genes, and the values are checked
 * by the import job instead.
 */
export function buildQuickInspectReport(
  r: InspectResult,
  info: { fileName: string; bytes: number; layers: string[] },
  map: GeneMap,
): InspectReport {
  const names = (cols: string[]): MetaColumnInfo[] =>
    cols.slice(0, MAX_COLUMNS).map((name) => ({ name, nDistinct: 0, numeric: false, examples: [] }));
  const sampleMeta = Object.fromEntries(r.metadataColumns.samples.map((c) => [c, []]));
  return {
    ...NO_TABLES,
    file: r.file,
    fileName: info.fileName || basename(r.file),
    bytes: info.bytes,
    format: r.format,
    kind: r.kind === 'signature' ? 'signature' : 'matrix',
    shape: r.shape,
    orientationGuess: r.orientationGuess,
    orientationSource: r.orientationSource,
    nGenes: r.nGenes,
    nSamples: r.nSamples,
    metadataColumns: r.metadataColumns,
    preview: r.preview,
    sampleColumns: names(r.metadataColumns.samples),
    geneColumns: names(r.metadataColumns.genes),
    // Role guesses go by column name only, so the names are enough.
    suggestedRoles: detectRoles(sampleMeta),
    geneIds: r.preview.genes.length > 0 ? [geneIdReport('', r.preview.genes, map)] : [],
    layers: info.layers,
    warnings: r.warnings,
    quick: true,
  };
}
