import { divergingColour, robustMaxAbs } from './colour.ts';

/** Genes and their attributes, as the network model holds them (GeneRegulatoryNetwork.genes). */
export type GeneAttributes = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

/** Node attributes holding a finite number on at least one node, most useful first. */
export function numericNodeAttributes(genes: GeneAttributes): string[] {
  const seen = new Set<string>();
  for (const attributes of genes.values()) {
    for (const [k, v] of Object.entries(attributes)) {
      if (typeof v === 'number' && Number.isFinite(v)) seen.add(k);
    }
  }
  return [...seen].sort((a, b) => attributeRank(a) - attributeRank(b) || a.localeCompare(b));
}

const FOLD_CHANGE = /^(log2?_?)?(fc|fold_?change)$|^log2?_?fold_?change$|^logfc$/i;

function attributeRank(name: string): number {
  return FOLD_CHANGE.test(name.replace(/[\s.]/g, '_')) ? 0 : 1;
}

/** Colour by a fold-change-like attribute when there is one; otherwise leave nodes uncoloured. */
export function defaultColourAttribute(attrs: readonly string[]): string | null {
  const first = attrs[0];
  return first !== undefined && attributeRank(first) === 0 ? first : null;
}

export interface ColourScale {
  attribute: string;
  maxAbs: number;
}

export function colourScale(genes: GeneAttributes, attribute: string | null): ColourScale | null {
  if (attribute === null) return null;
  const values: number[] = [];
  for (const attributes of genes.values()) {
    const v = attributes[attribute];
    if (typeof v === 'number') values.push(v);
  }
  return { attribute, maxAbs: robustMaxAbs(values) };
}

export function nodeColour(
  attrs: Readonly<Record<string, unknown>>,
  scale: ColourScale | null,
): string | null {
  if (!scale) return null;
  const v = attrs[scale.attribute];
  return divergingColour(typeof v === 'number' ? v : null, scale.maxAbs);
}

/** The node a search means: exact (any case), then the first prefix match, then the first substring match. */
export function findGene(ids: readonly string[], query: string): string | null {
  const q = query.trim().toLowerCase();
  if (q === '') return null;
  let prefix: string | null = null;
  let contains: string | null = null;
  for (const id of ids) {
    const l = id.toLowerCase();
    if (l === q) return id;
    if (prefix === null && l.startsWith(q)) prefix = id;
    else if (contains === null && l.includes(q)) contains = id;
  }
  return prefix ?? contains;
}
