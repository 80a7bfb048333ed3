import { describe, expect, it } from 'vitest';
import { readGenesBySignatures, readGmt, readNumericTable } from './fixtures/read-fixtures.ts';
import { alignGenes } from './gene-alignment.ts';
import { SeededRng } from '../numeric/rng.ts';
import { WtcsBatchScorer } from './wtcs-batch.ts';

describe('WTCS over a streamed collection', () => {
  it('reproduces the CMap contest results through the batch path (shuffled columns, chunked rows)', () => {
    const contest = readGenesBySignatures('contest_modzs_ezid_10174genes_x_10sigs.tsv.gz');
    const expected = readNumericTable('contest_expected_results_10sigs_x_10queries.tsv');
    const up = new Map(
      readGmt('contest_query_ezid_up_n10.gmt').map((s) => [s.name.replace(/_UP$/, ''), s.genes]),
    );
    const down = new Map(
      readGmt('contest_query_ezid_down_n10.gmt').map((s) => [s.name.replace(/_DN$/, ''), s.genes]),
    );
    const n = contest.genes.length;
    // Present the collection with its gene columns in a random order: the engine must undo it.
    const columnOrder = new SeededRng(8).shuffle(Array.from({ length: n }, (_, i) => i));
    const genes = columnOrder.map((g) => contest.genes[g]!);
    const rows = expected.rowIds.length;
    const batch = new Float32Array(rows * n);
    expected.rowIds.forEach((sigId, r) => {
      const s = contest.signatureIds.indexOf(sigId);
      columnOrder.forEach((g, c) => (batch[r * n + c] = contest.values[s * n + g]!));
    });
    const alignment = alignGenes({ genes: contest.genes, values: new Float64Array(n) }, genes);
    const slot = new Map(alignment.genes.map((gene, k) => [gene, k]));
    const toIndices = (set: string[]): Int32Array =>
      Int32Array.from(set.filter((g) => slot.has(g)).map((g) => slot.get(g)!));

    for (const [q, queryId] of expected.columnIds.entries()) {
      const query = { up: toIndices(up.get(queryId)!), down: toIndices(down.get(queryId)!) };
      const scorer = new WtcsBatchScorer(alignment, query, 3, 0, null);
      const scores = new Float64Array(3);
      for (let first = 0; first < rows; first += 3) {
        const count = Math.min(3, rows - first);
        scorer.scoreRows(batch, first, count, scores, null);
        for (let r = 0; r < count; r++) {
          const want = expected.values[(first + r) * expected.columnIds.length + q]!;
          expect(Math.abs(scores[r]! - want), `${expected.rowIds[first + r]} × ${queryId}`).toBeLessThan(
            1e-4,
          );
        }
      }
    }
  });
});
