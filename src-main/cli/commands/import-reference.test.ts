import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectService } from '../../services/projects/project-service.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import { InspectReport } from '#shared/contracts/data-import.ts';
import { DatasetInspectParams } from '#shared/contracts/tasks.ts';
import { datasetInspectTask } from '../../workers/tasks/dataset-inspect.task.ts';
import { main } from '../main.ts';

const REAL = join(import.meta.dirname, '../../compute/io/fixtures/real');
const tmp = mkdtempSync(join(tmpdir(), 'causeway-import-ref-'));
/** Each `causeway import` of a reference runs the reference.import job in a freshly forked worker. */
const CLI_TIMEOUT = 90_000;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

interface Manifest {
  networks: { id: string; nNodes: number; nEdges: number; file: string; source: { sha256: string } }[];
  tables?: { id: string; kind: string; nRows: number; file: string; source: { sha256: string } }[];
}
const manifestOf = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as Manifest;

function service(dir: string): ProjectService {
  const s = new ProjectService({ dataDir: join(tmp, 'data'), demoDir: join(tmp, 'nodemo'), appVersion: '0' });
  s.open(dir);
  return s;
}

async function newProject(name: string): Promise<string> {
  const dir = join(tmp, name);
  expect((await run('project', 'new', dir, '--name', name)).code).toBe(0);
  return dir;
}

describe('causeway import: networks and drug–target tables', () => {
  it(
    'imports edge lists, SIF, GraphML and a drug–target table, printing ids',
    async () => {
      const dir = await newProject('refs');
      const sif = join(tmp, 'small.sif');
      writeFileSync(sif, 'TP53 pp MDM2 CDKN1A\nMDM2 pd TP53\nLONE\n');
      const graphml = join(tmp, 'small.graphml');
      writeFileSync(
        graphml,
        `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="G" edgedefault="directed">
    <node id="A"/><node id="B"/><node id="C"/>
    <edge source="A" target="B"><data key="d0">0.5</data></edge>
  </graph>
</graphml>
`,
      );
      const cases: [string, string | undefined, number, number][] = [
        [join(REAL, 'irefindex_head2000.tsv'), 'iRefIndex', 1500, 2000],
        [join(REAL, 'ppi_network_252nodes.edges.tsv'), undefined, 252, 1003],
        [sif, 'small sif', 4, 3],
        [graphml, undefined, 3, 1],
      ];
      const ids: string[] = [];
      for (const [file, name] of cases) {
        const r = await run('import', file, '--project', dir, ...(name ? ['--name', name] : []));
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        ids.push(r.out.trim());
      }
      expect(ids[0]).toMatch(/^irefindex_[a-z0-9]{12}$/);
      expect(ids[1]).toMatch(/^ppi_network_252nodes_edges_[a-z0-9]{12}$/);
      const m = manifestOf(dir);
      expect(m.networks.map((n) => n.id)).toEqual(ids);
      const s = service(dir);
      cases.forEach(([, , nodes, edges], i) => {
        expect(m.networks[i]).toMatchObject({
          nNodes: nodes,
          nEdges: edges,
          file: `networks/${ids[i]}.json`,
        });
        expect(m.networks[i]?.source.sha256).toMatch(/^[0-9a-f]{64}$/);
        const g = s.networkGraph(ids[i] ?? '');
        expect([g.nodes.length, g.edges.length]).toEqual([nodes, edges]);
      });
      const ppi = s.networkGraph(ids[1] ?? '');
      expect(ppi.edges[0]).toMatchObject({ source: 'HIST1H1D', target: 'RAD21', directed: false });
      expect(ppi.edges[0]?.attributes.cost).toBeCloseTo(0.598835);
      expect(s.networkGraph(ids[3] ?? '').edges[0]).toMatchObject({
        directed: true,
        attributes: { weight: 0.5 },
      });

      const t = await run(
        'import',
        join(REAL, 'drug_target.tsv.gz'),
        '--project',
        dir,
        '--name',
        'DrugCentral',
      );
      expect(t.err).toBe('');
      expect(t.code).toBe(0);
      const tableId = t.out.trim();
      expect(tableId).toMatch(/^drugcentral_[a-z0-9]{12}$/);
      const table = manifestOf(dir).tables?.[0];
      expect(table).toMatchObject({ id: tableId, kind: 'drug-targets', file: `tables/${tableId}.arrow` });
      const rows = readMetaArrow(join(dir, table?.file ?? ''));
      expect(Object.keys(rows)).toEqual(['drug', 'gene', 'action', 'target_name', 'drug_id']);
      expect(rows.drug?.length).toBe(table?.nRows);
      expect(table?.nRows).toBeGreaterThanOrEqual(3664);
      // No staging files left behind.
      expect(readdirSync(join(dir, 'networks')).filter((f) => f.startsWith('.'))).toEqual([]);
      expect(readdirSync(join(dir, 'tables')).filter((f) => f.startsWith('.'))).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  it(
    'a malformed edge list leaves the project untouched',
    async () => {
      const dir = await newProject('bad');
      const before = readFileSync(join(dir, 'project.json'), 'utf8');
      const bad = join(tmp, 'bad.edges.tsv');
      writeFileSync(bad, 'source\ttarget\tweight\nA\tB\t1\nC\t\t2\n');
      const r = await run('import', bad, '--project', dir);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/E_INVALID_INPUT/);
      expect(readFileSync(join(dir, 'project.json'), 'utf8')).toBe(before);
      expect(existsSync(join(dir, 'networks')) ? readdirSync(join(dir, 'networks')) : []).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  it(
    "checks the ids against the project's genes and prints the match and a warning",
    async () => {
      const dir = await newProject('genes');
      const expr = join(tmp, 'expr.csv');
      writeFileSync(expr, 'gene,s1,s2\nTP53,1,2\nMDM2,3,4\nEGFR,5,6\n');
      expect((await run('import', expr, '--project', dir)).code).toBe(0);
      // 1956 is EGFR's Entrez id: matched through the offline gene map.
      const net = join(tmp, 'mixed.sif');
      writeFileSync(net, 'TP53 pp MDM2\n1956 pp NOTAGENE1\n');
      const r = await run('import', net, '--project', dir);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(
        /^3 of 4 gene ids match genes of the project's dataset \(2 by symbol, 1 through the offline gene map\)\.$/m,
      );
      expect(r.err).toMatch(
        /^warning: 1 of 4 gene ids of this network match no gene .*\(e\.g\. NOTAGENE1\)/m,
      );
      const none = join(tmp, 'yeast.sif');
      writeFileSync(none, 'YAL001C pp YBR002W\n');
      const z = await run('import', none, '--project', dir);
      expect(z.code).toBe(0);
      expect(z.err).toMatch(/warning: None of the 2 gene ids .* it will not connect to the data/);
      expect(manifestOf(dir).networks).toHaveLength(2);
    },
    CLI_TIMEOUT,
  );

  it("the wizard's inspect reports a network or drug–target table instead of refusing it", async () => {
    const ctx = { jobId: 'j', signal: new AbortController().signal, progress: async () => {} };
    const inspect = async (file: string): Promise<InspectReport> =>
      InspectReport.parse(
        await datasetInspectTask(
          DatasetInspectParams.parse({ file, fileName: 'f', geneMapPath: join(tmp, 'no-map.tsv') }),
          ctx,
        ),
      );
    expect(await inspect(join(REAL, 'ppi_network_252nodes.edges.tsv'))).toMatchObject({
      kind: 'network',
      shape: [252, 1003],
      errors: [],
    });
    expect((await inspect(join(REAL, 'drug_target.tsv.gz'))).kind).toBe('drug-targets');
  });
});
