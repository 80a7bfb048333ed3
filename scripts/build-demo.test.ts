import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMatrixArrow } from '../src-main/compute/io/arrow-matrix.ts';
import { readMetaArrow } from '../src-main/compute/io/meta-table.ts';
import { readNetworkText } from '../src-main/compute/io/network-file.ts';
import { buildDemo } from './build-demo.ts';

const shipped = join(import.meta.dirname, '../resources/demo');
const sourceDir = join(import.meta.dirname, '../../shared/data/covid19_belyaeva2021_inputs');
const out = mkdtempSync(join(tmpdir(), 'causeway-demo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => relative(dir, f))
    .sort();
}

describe('demo project', () => {
  it('has the shapes SOURCE.md gives', () => {
    const cells = readMatrixArrow(join(shipped, 'datasets/a549_cells/matrix.arrow'));
    expect([cells.genes.length, cells.samples.length]).toEqual([252, 74]);
    // SOURCE.md: 55% zeros.
    const zeros = cells.values.filter((v) => v === 0).length / cells.values.length;
    expect(zeros).toBeGreaterThan(0.5);
    expect(zeros).toBeLessThan(0.6);
    const sig = readMatrixArrow(join(shipped, 'datasets/sars_cov2_a549/matrix.arrow'));
    expect(sig.genes.length).toBe(17_785);
    expect(sig.genes[0]).toBe('CYB5B');
    expect(sig.values[0]).toBeCloseTo(-1.7198589944654064, 6);
    const graph = JSON.parse(readFileSync(join(shipped, 'networks/ppi_252.json'), 'utf8')) as {
      nodes: unknown[];
      edges: unknown[];
    };
    expect([graph.nodes.length, graph.edges.length]).toEqual([252, 1003]);
    expect(existsSync(join(shipped, 'LICENSE.md'))).toBe(true);
    expect(existsSync(join(shipped, 'source/LICENSE_DrugCentral_CC-BY-4.0.txt'))).toBe(true);
  });

  it('has the L1000 toy collection with its signature table, the positive control and drug targets', () => {
    const collection = readMatrixArrow(join(shipped, 'datasets/lincs_toydb_skb/matrix.arrow'));
    expect([collection.genes.length, collection.samples.length]).toEqual([5000, 100]);
    // Entrez 23645 (first row of the toy DB) is PPP1R15A; its vorinostat z-score is -0.89.
    expect(collection.genes[0]).toBe('PPP1R15A');
    expect(collection.samples[0]).toBe('vorinostat__SKB__trt_cp');
    expect(collection.values[0]).toBeCloseTo(-0.89, 5);
    const table = readMetaArrow(join(shipped, 'datasets/lincs_toydb_skb/samples.arrow'));
    expect(Object.keys(table)).toEqual([
      'sample',
      'drug',
      'cell_type',
      'dose',
      'time',
      'perturbation_type',
      'hdac_inhibitor_control',
    ]);
    expect(table['drug']?.slice(0, 4)).toEqual(['vorinostat', 'trichostatin-a', 'pyroxamide', 'HC-toxin']);
    expect(table['hdac_inhibitor_control']?.filter((v) => v === 'yes')).toHaveLength(5);
    const control = readMatrixArrow(join(shipped, 'datasets/vorinostat_skb_reversed/matrix.arrow'));
    expect(control.values[0]).toBeCloseTo(0.89, 5);
    const targets = readMetaArrow(join(shipped, 'tables/drugcentral_targets.arrow'));
    const vorinostat = targets['gene']?.filter((_, i) => targets['drug']?.[i] === 'vorinostat');
    expect(vorinostat).toEqual(expect.arrayContaining(['HDAC1', 'HDAC2', 'HDAC3']));
    const manifest = JSON.parse(readFileSync(join(shipped, 'project.json'), 'utf8')) as {
      datasets: { id: string; kind: string }[];
      tables: { id: string }[];
    };
    expect(manifest.datasets.map((d) => [d.id, d.kind])).toContainEqual([
      'lincs_toydb_skb',
      'drug-signatures',
    ]);
    expect(manifest.tables.map((t) => t.id)).toEqual(['drugcentral_targets']);
    expect(existsSync(join(shipped, 'source/SOURCE.md'))).toBe(true);
  });

  it('ships the whole iRefIndex v14 interactome, compressed, as a project network', () => {
    const file = join(shipped, 'networks/irefindex_v14.json.gz');
    expect(statSync(file).size).toBeLessThan(2_000_000);
    const graph = JSON.parse(readNetworkText(file)) as {
      nodes: { id: string }[];
      edges: { source: string; target: string; attributes: { cost: number } }[];
    };
    // SOURCE.md: 182,002 undirected edges, 15,759 gene symbols; its first row is C9ORF72–ACTB, 0.598835.
    expect([graph.nodes.length, graph.edges.length]).toEqual([15_759, 182_002]);
    expect(graph.edges[0]).toMatchObject({
      source: 'C9ORF72',
      target: 'ACTB',
      attributes: { cost: 0.598835 },
    });
    const manifest = JSON.parse(readFileSync(join(shipped, 'project.json'), 'utf8')) as {
      networks: { id: string; file: string; nEdges: number }[];
    };
    expect(manifest.networks).toContainEqual(
      expect.objectContaining({
        id: 'irefindex_v14',
        file: 'networks/irefindex_v14.json.gz',
        nEdges: 182_002,
      }),
    );
    expect(readFileSync(join(shipped, 'LICENSE.md'), 'utf8')).toContain('iRefIndex');
  });

  // The shared data folder sits beside the repository on developer and CI machines.
  it.runIf(existsSync(sourceDir))('is exactly what scripts/build-demo.ts makes from the source data', () => {
    buildDemo(sourceDir, out);
    const names = files(out);
    expect(names).toEqual(files(shipped));
    for (const f of names)
      expect(readFileSync(join(out, f)).equals(readFileSync(join(shipped, f))), f).toBe(true);
  });
});
