/**
 * The ABCD information objective on a finite ensemble (Agrawal, Squires, Yang, Shanmugam & Uhler,
 * "ABCD-Strategy: Budgeted experimental design for targeted causal structure discovery", AISTATS 2019).
 * With N equally weighted DAGs and a noiseless outcome, the mutual information between the DAG and the
 * outcome of a set of experiments is the entropy of the partition of the ensemble by that outcome.
 *
 * The outcome of perturbing v is taken to be the arcs at v: its parents and its children. For DAGs of one
 * skeleton this is exactly what the I-essential graph of {∅, {v}} adds to the observational one: two
 * Markov-equivalent DAGs are I-Markov equivalent iff each target has the same parents in both (Hauser &
 * Bühlmann, JMLR 2012, Thm. 10). The observational class itself is not counted as an outcome: the
 * ensemble already is what the observational data say, and the subsample DAGs of a learned network
 * usually differ somewhere in their skeletons, so counting it would leave nothing to learn. Where their
 * skeletons differ at v, perturbing v also tells which of its adjacencies are real (which genes respond).
 * The partition by a joint outcome refines by each experiment in turn, and its entropy is monotone
 * submodular in the set of experiments, which is why greedy selection is (1 − 1/e)-optimal for it.
 */

export class EnsemblePartition {
  /** Each DAG's class (I-essential graph) under the experiments added so far. */
  labels: Int32Array;
  entropyBits: number;

  /** Before any experiment: one class, nothing known. */
  constructor(dags: number) {
    this.labels = new Int32Array(dags);
    this.entropyBits = 0;
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
