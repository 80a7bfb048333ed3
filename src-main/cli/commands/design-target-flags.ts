// `causeway design` flags read into the spec: whole numbers, the perturbable genes, and the goal-target
// fields (a typed or signature state from --target, or a condition's mean from --target-condition).
import { resolve } from 'node:path';
import { TargetAcquisition, type DesignTarget } from '#shared/contracts/design.ts';
import { readSmallFile } from '../../compute/io/text-table.ts';
import { usage } from '../cli-error.ts';

type Values = Record<string, string | undefined>;

export const integer = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isInteger(x)) throw usage(`--${name} "${v}" is not a whole number.`);
  return x;
};

/** The goal-target fields of the spec from the flags (the target file read here, checked by the schema). */
export function readTargetFlags(values: Values): {
  target: DesignTarget;
  acquisition?: TargetAcquisition;
  shiftSize?: number;
  cellsPerRound?: number;
  datasetId?: string;
} {
  const acquisition = TargetAcquisition.safeParse(values['acquisition'] ?? 'civ');
  if (!acquisition.success) throw usage(`--acquisition must be ${TargetAcquisition.options.join(', ')}.`);
  const shift = values['shift-size'];
  const shiftSize = shift === undefined ? undefined : Number(shift);
  if (shiftSize !== undefined && !(shiftSize > 0))
    throw usage(`--shift-size "${shift}" is not a positive number.`);
  return {
    target: readTarget(values),
    acquisition: acquisition.data,
    ...(shiftSize !== undefined ? { shiftSize } : {}),
    ...(values['cells'] !== undefined ? { cellsPerRound: integer('cells', values['cells']) } : {}),
    ...(values['dataset'] ? { datasetId: values['dataset'] } : {}),
  };
}

/** --target state.tsv [--target-kind], or --target-condition column=value [--target-genes genes.txt]. */
function readTarget(values: Values): DesignTarget {
  const condition = values['target-condition'];
  if (condition !== undefined) {
    if (values['target'] !== undefined || values['target-kind'] !== undefined)
      throw usage('--target-condition takes the place of --target and --target-kind: give one target.');
    // At the first "=": a column name rarely holds one, a value (e.g. "dose=10nM") may.
    const at = condition.indexOf('=');
    const column = condition.slice(0, at).trim();
    const value = condition.slice(at + 1).trim();
    if (at < 0 || !column || !value)
      throw usage(`--target-condition "${condition}" is not column=value (e.g. treatment=drugX).`);
    const genes = values['target-genes'];
    return {
      kind: 'condition',
      column,
      value,
      ...(genes ? { genes: readGeneList(genes, 'target-genes') } : {}),
    };
  }
  if (values['target-genes'] !== undefined)
    throw usage('--target-genes lists the genes of --target-condition; --target lists its own.');
  if (!values['target'])
    throw usage('--goal target needs --target state.tsv or --target-condition column=value.');
  const kind = values['target-kind'] ?? 'state';
  if (kind !== 'state' && kind !== 'reverse') throw usage('--target-kind must be state or reverse.');
  return { kind, genes: readTargetState(values['target']) };
}

/** gene and value per line (tab, comma or spaces); a first line whose value is not a number is a header. */
function readTargetState(file: string): { gene: string; value: number }[] {
  const path = resolve(file);
  const out: { gene: string; value: number }[] = [];
  let first = true;
  readSmallFile(path)
    .toString('utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .forEach((line, k) => {
      if (!line) return;
      const [gene, raw, ...rest] = line.split(/[\t,]|\s+/).filter((x) => x !== '');
      const value = Number(raw);
      if (gene && raw !== undefined && rest.length === 0 && raw.trim() !== '' && Number.isFinite(value))
        out.push({ gene, value });
      else if (!first || raw === undefined)
        throw usage(`--target: line ${k + 1} of ${path} is not "gene<TAB>value": ${line.slice(0, 80)}`);
      first = false;
    });
  if (out.length === 0) throw usage(`--target: ${path} lists no gene values.`);
  return out;
}

/** The perturbable genes of --pool: one per line; blank lines and # comments skipped. */
export function readPool(file: string): string[] {
  return readGeneList(file, 'pool');
}

function readGeneList(file: string, flag: string): string[] {
  const path = resolve(file);
  const genes = readSmallFile(path)
    .toString('utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  if (genes.length === 0) throw usage(`--${flag}: ${path} lists no genes.`);
  return genes;
}
