/**
 * Matching the drug names of a drug-ranking collection (LINCS L1000 pert_iname: "trichostatin-a",
 * "clofibric-acid", "acetaminophen") to the drugs of a drug–target table (DrugCentral: "clofibric acid",
 * "paracetamol", salts sometimes spelled out). Tried in order, the first hit wins and says how it matched:
 *   1. name: the normalised key of drug-ranking.ts drugKey (case, spaces, hyphens, punctuation ignored);
 *   2. lincs: DrugCentral's LINCS_mapping.tsv (SMILES, DRUG_ID, SM_LINCS_ID, DRUG_NAME) joins a LINCS
 *      name, an HMS LINCS id (LSM-…) or a SMILES to a DrugCentral DRUG_ID, which catches synonyms
 *      ("acetaminophen" is DrugCentral's "paracetamol");
 *   3. salt: the name without a trailing salt or hydrate word ("imatinib mesylate" → "imatinib"), since
 *      L1000 and DrugCentral disagree on whether the salt is part of the name;
 *   4. synonym: a user-given table of alternative names.
 */
import { drugKey } from '#shared/domain/drug-ranking.ts';
import type { DrugTargetRow, ParsedTable } from './druggable-genes.ts';

export interface LincsMappingRow {
  readonly smiles: string;
  readonly drugId: string;
  readonly lincsId: string;
  readonly name: string;
}

/** Rows of DrugCentral's LINCS_mapping.tsv. */
export function lincsMapping(t: ParsedTable): LincsMappingRow[] {
  const col = (re: RegExp): number => t.header.findIndex((h) => re.test(h.trim()));
  const smiles = col(/^smiles$/i);
  const id = col(/^drug_?id$/i);
  const lincs = col(/^sm_?lincs_?id$/i);
  const name = col(/^drug_?name$/i);
  if (id < 0 || name < 0) throw new Error('a LINCS mapping table needs DRUG_ID and DRUG_NAME columns');
  return t.rows.map((r) => ({
    smiles: smiles >= 0 ? (r[smiles] ?? '').trim() : '',
    drugId: (r[id] ?? '').trim(),
    lincsId: lincs >= 0 ? (r[lincs] ?? '').trim() : '',
    name: (r[name] ?? '').trim(),
  }));
}

// Counter-ions and hydrates that name a salt form, not a different drug (USAN/INN salt nomenclature).
const SALT_WORDS = new Set(
  (
    'hydrochloride dihydrochloride hcl hydrobromide sodium disodium potassium calcium magnesium mesylate ' +
    'dimesylate maleate citrate sulfate sulphate tartrate bitartrate acetate phosphate diphosphate fumarate ' +
    'succinate besylate tosylate bromide chloride iodide nitrate lactate gluconate hydrate monohydrate ' +
    'dihydrate trihydrate hemihydrate sesquihydrate anhydrous salt free base'
  ).split(' '),
);

/** The name without trailing salt and hydrate words, as a drugKey ('' when nothing is left). */
export function saltFreeKey(name: string): string {
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  while (words.length > 1 && SALT_WORDS.has(words[words.length - 1]!)) words.pop();
  return words.join('');
}

export type MatchedBy = 'name' | 'lincs' | 'salt' | 'synonym';

export interface DrugMatch {
  /** The drug as the target table names it. */
  readonly drug: string;
  readonly drugId: string;
  readonly matchedBy: MatchedBy;
}

export class DrugNameIndex {
  private readonly byKey = new Map<string, DrugTargetRow>();
  private readonly bySaltFree = new Map<string, DrugTargetRow>();
  private readonly byId = new Map<string, DrugTargetRow>();
  private readonly lincsToId = new Map<string, string>();
  private readonly synonyms = new Map<string, string>();
  private readonly rowsById = new Map<string, DrugTargetRow[]>();

  /**
   * `synonyms`: alternative name → name in the table (both free text; compared by drugKey).
   */
  constructor(
    rows: readonly DrugTargetRow[],
    mapping: readonly LincsMappingRow[] = [],
    synonyms: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const r of rows) {
      const key = drugKey(r.drug);
      if (!this.byKey.has(key)) this.byKey.set(key, r);
      const bare = saltFreeKey(r.drug);
      if (bare && !this.bySaltFree.has(bare)) this.bySaltFree.set(bare, r);
      if (!this.byId.has(r.drugId)) this.byId.set(r.drugId, r);
      let list = this.rowsById.get(r.drugId);
      if (!list) this.rowsById.set(r.drugId, (list = []));
      list.push(r);
    }
    for (const m of mapping) {
      if (!m.drugId) continue;
      for (const k of [m.name ? drugKey(m.name) : '', m.lincsId.toLowerCase(), m.smiles])
        if (k && !this.lincsToId.has(k)) this.lincsToId.set(k, m.drugId);
    }
    for (const [alt, name] of synonyms) this.synonyms.set(drugKey(alt), drugKey(name));
  }

  /** The table's drug for a collection name (or HMS LINCS id, or SMILES); null when none matches. */
  match(name: string): DrugMatch | null {
    const key = drugKey(name);
    const hit = (r: DrugTargetRow | undefined, matchedBy: MatchedBy): DrugMatch | null =>
      r ? { drug: r.drug, drugId: r.drugId, matchedBy } : null;
    const byName = this.byKey.get(key);
    if (byName) return hit(byName, 'name');
    const id =
      this.lincsToId.get(key) ??
      this.lincsToId.get(name.trim().toLowerCase()) ??
      this.lincsToId.get(name.trim());
    if (id !== undefined && this.byId.has(id)) return hit(this.byId.get(id), 'lincs');
    const bare = saltFreeKey(name);
    const bySalt = bare ? (this.byKey.get(bare) ?? this.bySaltFree.get(bare)) : undefined;
    if (bySalt) return hit(bySalt, 'salt');
    const syn = this.synonyms.get(key);
    if (syn !== undefined) return hit(this.byKey.get(syn) ?? this.bySaltFree.get(syn), 'synonym');
    return null;
  }

  /** The table's rows for a matched drug (every gene it hits). */
  rowsOf(match: DrugMatch): readonly DrugTargetRow[] {
    return this.rowsById.get(match.drugId) ?? [];
  }
}
