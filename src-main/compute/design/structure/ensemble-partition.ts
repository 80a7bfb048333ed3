/**
 * The ABCD information objective on a finite ensemble (Agrawal, Squires, Yang, Shanmugam & Uhler,
 * "ABCD-Strategy: Budgeted experimental design for targeted causal structure discovery", AISTATS 2019).
 * With N equally weighted DAGs and a noiseless outcome — which I-essential graph the experiments show —
 * the mutual information between the graph and the outcome is the entropy of the partition of the
 * ensemble into I-Markov equivalence classes.
 *
 * Two DAGs are I-Markov equivalent for I = {∅, {v₁}, …} iff they are Markov equivalent and, for each
 * target v, the intervened graphs have the same skeleton (Hauser & Bühlmann, JMLR 2012, Thm. 10), i.e.
 * v has the same parents in both. So adding v refines the partition by v's parent set, and the gain of
 * v is the conditional entropy H(parents of v | current classes): entropy of a joint of outcomes is
 * submodular in the set of outcomes, which is why greedy selection is (1 − 1/e)-optimal for it.
 */

export class EnsemblePartition {
  /** Each DAG's class (I-essential graph) under the experiments added so far. */
  labels: Int32Array;
  entropyBits: number;

  /** `keys[i]`: DAG i's observational essential graph (CPDAG) as a canonical string. */
  constructor(keys: readonly string[]) {
    this.labels = new Int32Array(keys.length);
    this.labels = this.split(keys);
    this.entropyBits = entropyOf(this.labels);
  }

  /** Entropy (bits) after refining by `keys[i]` (DAG i's outcome of one more experiment). */
  entropyIf(keys: readonly string[]): number {
    return entropyOf(this.split(keys));
  }

  /** Refines the classes by the outcome of one more experiment; returns the entropy gained (bits). */
  refine(keys: readonly string[]): number {
    const before = this.entropyBits;
    this.labels = this.split(keys);
    this.entropyBits = entropyOf(this.labels);
    return this.entropyBits - before;
  }

  private split(keys: readonly string[]): Int32Array {
    const ids = new Map<string, number>();
    const labels = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = `${this.labels[i]}|${keys[i]}`;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      labels[i] = id;
    }
    return labels;
  }
}

/** Shannon entropy (bits) of equally weighted items grouped by label. */
export function entropyOf(labels: Int32Array): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const n = labels.length;
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}
