import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SteinerResult, TargetRankingResult } from '#shared/contracts/targets.ts';
import { exportTargets } from './export-targets.ts';

const SHA = 'a'.repeat(64);
const provenance = {
  appVersion: '9.9.9',
  createdAt: '2026-12-07T10:00:00.000Z',
  elapsedMs: 12,
  inputs: { expression: { id: 'cells', name: 'A549 cells', sha256: SHA } },
  spec: { kind: 'targets.rank', seed: 4, minAffinity: 5 },
};
const spread = (mean: number, sd = 0): { mean: number; sd: number } => ({ mean, sd });
const ranking = TargetRankingResult.parse({
  kind: 'targets.rank',
  rows: [
    {
      rank: 1,
      gene: 'X',
      annotations: { interact_sars: true },
      drugs: [{ drug: 'xinib', drugId: '1', action: 'INHIBITOR', affinity: 7.25, affinityType: 'Ki' }],
      reach: [
        { gene: 'D1', stability: 0.9 },
        { gene: 'U', stability: 0.6 },
      ],
      reachSize: 2,
      pathStability: 0.9,
      reversal: spread(0.8, 0.1),
      rightWay: spread(2),
      wrongWay: spread(0),
      reachFrequency: 1,
      paths: [
        { to: 'D1', genes: ['X', 'D1'], arcStabilities: [0.9], stability: 0.9 },
        { to: 'U', genes: ['X', 'D1', 'U'], arcStabilities: [0.9, 0.667], stability: 0.6 },
      ],
      shifts: [{ gene: 'D1', disease: 1.5, mean: -0.8, sd: 0, rightWay: true }],
    },
    {
      rank: 2,
      gene: 'Z',
      annotations: {},
      drugs: [],
      reach: [],
      reachSize: 0,
      pathStability: 0,
      reversal: spread(0),
      rightWay: spread(0),
      wrongWay: spread(0),
      reachFrequency: 0,
      paths: [],
      shifts: [],
    },
  ],
  diseaseGenes: ['D1', 'U'],
  graph: {
    genes: ['X', 'D1', 'U', 'Z'],
    arcs: [
      { source: 'X', target: 'D1', stability: 0.9 },
      { source: 'D1', target: 'U', stability: 0.667 },
    ],
  },
  dags: 20,
  ensembleSeed: 4,
  ridgedEquations: 0,
  settings: {
    threshold: 0.3,
    minAffinity: 5,
    keepUnmeasured: true,
    knockdown: 1,
    minPathStability: 0,
    reversalWeight: 0.5,
    diseaseGenes: 'signature genes',
  },
  drugs: null,
  provenance,
});

/** The entries of a zip written by compute/drugs/export/zip.ts (deflated, sizes in the local headers). */
function unzip(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const size = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const extra = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString();
    const start = at + 30 + nameLen + extra;
    out.set(name, inflateRawSync(buf.subarray(start, start + size)).toString('utf8'));
    at = start + size;
  }
  return out;
}

describe('targets exports', () => {
  it('CSV: provenance lines, then one row per gene with drugs, reached genes, reach and reversal', () => {
    const csv = exportTargets(ranking, 'run_1', 'csv').toString('utf8');
    const lines = csv.split('\r\n');
    expect(lines).toContain('# run: run_1');
    expect(lines).toContain('# app version: Causeway 9.9.9');
    expect(lines).toContain(`# input: expression sha256: ${SHA}`);
    expect(lines).toContain('# parameter: seed: 4');
    expect(lines).toContain('# setting: threshold: 0.3');
    const table = lines.filter((l) => l && !l.startsWith('#'));
    expect(table[0]).toBe(
      'rank,gene,drugs,n_drugs,reached_disease_genes,reach_size,path_stability,predicted_reversal_mean,' +
        'predicted_reversal_sd,disease_genes_right_way_mean,disease_genes_wrong_way_mean,reach_frequency,interact_sars',
    );
    expect(table[1]).toBe('1,X,"xinib (pAct 7.25, INHIBITOR)",1,D1; U,2,0.9,0.8,0.1,2,0,1,true');
    expect(table[2]).toBe('2,Z,,0,,0,0,0,0,0,0,0,');
  });

  it('XLSX: the table and a Provenance sheet', () => {
    const parts = unzip(exportTargets(ranking, 'run_1', 'xlsx'));
    expect(parts.get('xl/workbook.xml')).toContain('name="Ranked targets"');
    expect(parts.get('xl/workbook.xml')).toContain('name="Provenance"');
    expect(parts.get('xl/worksheets/sheet1.xml')).toContain('xinib (pAct 7.25, INHIBITOR)');
    expect(parts.get('xl/worksheets/sheet2.xml')).toContain(SHA);
  });

  it('HTML: the network and each top target’s paths drawn, arcs labelled with their stability', () => {
    const html = exportTargets(ranking, 'run_1', 'html').toString('utf8');
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('1. X</b>: reaches 2 disease genes');
    expect(html).toContain('>0.67<');
    expect(html).toContain('A549 cells (cells)');
    expect(html).not.toContain('<script');
  });

  it('Steiner: nodes table in the CSV, nodes and edges sheets in the XLSX', () => {
    const steiner = SteinerResult.parse({
      kind: 'targets.steiner',
      params: { w: 1.4, b: 40, g: 0, pruning: 'strong', robustness: null, specificity: null },
      nodes: [
        {
          gene: 'A',
          terminal: true,
          prize: 1.2,
          degree: 3,
          component: 0,
          robustness: null,
          specificity: null,
        },
        {
          gene: 'B',
          terminal: false,
          prize: 0,
          degree: 90,
          component: 0,
          robustness: null,
          specificity: null,
        },
      ],
      edges: [{ source: 'A', target: 'B', cost: 0.5, inForest: true, robustness: null }],
      summary: {
        nodes: 2,
        edges: 1,
        components: 1,
        terminalsKept: 1,
        terminalsGiven: 1,
        steinerNodes: 1,
        trees: 1,
        objective: 1.9,
      },
      prizes: { description: 'prize table (1 genes)', unmatched: [], unmatchedCount: 0 },
      interactome: { genes: 10, edges: 20 },
      networkId: 'steiner-run_2',
      provenance: { ...provenance, spec: { kind: 'targets.steiner', w: 1.4 } },
    });
    const csv = exportTargets(steiner, 'run_2', 'csv').toString('utf8').split('\r\n');
    expect(csv).toContain('gene,terminal,prize,degree,component,robustness,specificity');
    expect(csv).toContain('B,steiner,0,90,0,,');
    expect(csv).toContain('# summary: components: 1');
    const parts = unzip(exportTargets(steiner, 'run_2', 'xlsx'));
    expect(parts.get('xl/workbook.xml')).toMatch(/name="Nodes".*name="Edges".*name="Provenance"/);
  });
});
