import { mkdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type {
  InputRef,
  InteractomeSource,
  PrizeSource,
  SteinerResult,
  TargetsSteinerSpec,
  TargetsSweepSpec,
} from '#shared/contracts/targets.ts';
import type { SteinerForestOutput, SteinerRunsOutput, TaskParams } from '#shared/contracts/tasks.ts';
import type { NetworkGraph } from '#shared/domain/network.ts';
import type { NetworkDescriptor } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../../../compute/io/atomic-write.ts';
import { withRandomisations } from '../../../compute/targets/jobs/steiner-parts.ts';
import type { ProjectService } from '../../projects/project-service.ts';
import { appVersion } from '../../paths.ts';
import { type Chunk, fanOut, type Planner } from './plan.ts';

type SteinerTaskParams = TaskParams<'targets.steiner'>;

/** Randomisation runs per chunk: enough to amortise reading the interactome, small enough to balance. */
const RUNS_PER_CHUNK = 10;

/** The interactome network main resolved, and its provenance entry. */
export function resolveInteractome(
  projects: ProjectService,
  source: InteractomeSource,
): { params: SteinerTaskParams['interactome']; input: InputRef } {
  const net = projects.network(source.networkId);
  return {
    params: {
      path: projects.resolveFile(net.file),
      ...(source.hubDegree ? { hubDegree: source.hubDegree } : {}),
    },
    input: { id: net.id, name: net.name, sha256: net.source.sha256 },
  };
}

/** Prize source with its dataset files resolved, and the provenance entries of what it reads. */
export function resolvePrizes(
  projects: ProjectService,
  prizes: PrizeSource,
): { params: SteinerTaskParams['prizes']; inputs: Record<string, InputRef> } {
  if (prizes.from === 'table') {
    const text = prizes.entries.map((e) => `${e.gene}\t${e.prize}`).join('\n');
    return {
      params: { from: 'table', entries: prizes.entries },
      inputs: {
        prizes: { id: 'table', name: prizes.name, sha256: createHash('sha256').update(text).digest('hex') },
      },
    };
  }
  if (prizes.maxFdr !== undefined && prizes.fdrColumn === undefined) {
    throw new CausewayError('E_INVALID_INPUT', 'An FDR cut needs the column holding the FDR (fdrColumn).');
  }
  const ds = projects.dataset(prizes.datasetId);
  const other = prizes.sameDirectionAs ? projects.dataset(prizes.sameDirectionAs.datasetId) : null;
  return {
    params: {
      from: 'signature',
      matrixPath: projects.resolveFile(ds.matrixFile),
      column: prizes.column,
      ...(prizes.fdrColumn !== undefined ? { fdrColumn: prizes.fdrColumn } : {}),
      ...(prizes.maxFdr !== undefined ? { maxFdr: prizes.maxFdr } : {}),
      ...(prizes.minAbsLog2FC !== undefined ? { minAbsLog2FC: prizes.minAbsLog2FC } : {}),
      ...(other && prizes.sameDirectionAs
        ? {
            sameDirectionAs: {
              matrixPath: projects.resolveFile(other.matrixFile),
              column: prizes.sameDirectionAs.column,
            },
          }
        : {}),
    },
    inputs: {
      signature: { id: ds.id, name: ds.name, sha256: ds.source.sha256 },
      ...(other
        ? { sameDirectionSignature: { id: other.id, name: other.name, sha256: other.source.sha256 } }
        : {}),
    },
  };
}

/** Run-record inputs (ids only) from the provenance entries. */
export const runInputs = (inputs: Record<string, InputRef>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(inputs)
      .filter(([, v]) => v.id !== 'table')
      .map(([k, v]) => [`${k}Id`, v.id]),
  );

/** Blocks [from, to) of `runs` randomisation runs. */
function blocks(runs: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < runs; from += RUNS_PER_CHUNK)
    out.push([from, Math.min(runs, from + RUNS_PER_CHUNK)]);
  return out;
}

/** The spec as a flat record for the provenance (the prize table itself summarised, not repeated). */
export function specForProvenance(spec: TargetsSteinerSpec | TargetsSweepSpec): Record<string, unknown> {
  const prizes =
    spec.prizes.from === 'table'
      ? { from: 'table', name: spec.prizes.name, genes: spec.prizes.entries.length }
      : spec.prizes;
  return { ...spec, prizes };
}

/**
 * targets.steiner: the forest in one chunk, robustness and specificity runs in blocks over the pool;
 * reduce (in main) adds the run counts up, writes the result document and saves the subnetwork as a
 * project network, so network.discover can take its genes and its edges as the allowed skeleton.
 */
export const planTargetsSteiner: Planner<'targets.steiner'> = (spec, projects, runId) => {
  const planned = Date.now();
  const interactome = resolveInteractome(projects, spec.interactome);
  const prizes = resolvePrizes(projects, spec.prizes);
  const base: Omit<SteinerTaskParams, 'part'> = {
    interactome: interactome.params,
    prizes: prizes.params,
    caseInsensitive: spec.caseInsensitive ?? false,
    w: spec.w,
    b: spec.b,
    g: spec.g,
    pruning: spec.pruning,
  };
  const chunks: Chunk<'targets.steiner'>[] = [
    { task: 'targets.steiner', params: { ...base, part: { kind: 'forest' } }, weight: 1 },
  ];
  const rob = spec.robustness;
  if (rob)
    for (const [from, to] of blocks(rob.runs))
      chunks.push({
        task: 'targets.steiner',
        params: { ...base, part: { kind: 'robustness', from, to, noise: rob.noise, seed: rob.seed } },
        weight: to - from,
      });
  const sp = spec.specificity;
  if (sp)
    for (const [from, to] of blocks(sp.runs))
      chunks.push({
        task: 'targets.steiner',
        params: { ...base, part: { kind: 'specificity', from, to, seed: sp.seed } },
        weight: to - from,
      });

  const result = projects.prepareResultFile(runId, 'json');
  const networkId = `steiner-${runId}`.slice(0, 64);
  const networkRel = `networks/${networkId}.json`;
  const name = (
    spec.name ?? `Steiner subnetwork of ${interactome.input.name} (w ${spec.w}, b ${spec.b}, g ${spec.g})`
  ).slice(0, 200);
  const label = `Steiner forest: ${interactome.input.name} (w ${spec.w}, b ${spec.b}, g ${spec.g})`.slice(
    0,
    300,
  );
  const inputs = { interactome: interactome.input, ...prizes.inputs };
  return fanOut({
    label,
    chunks,
    reduce: (values) => {
      const [forest, ...runs] = values as [SteinerForestOutput, ...SteinerRunsOutput[]];
      const { nodes, edges } = withRandomisations(forest, runs);
      const doc: SteinerResult = {
        kind: 'targets.steiner',
        params: {
          w: spec.w,
          b: spec.b,
          g: spec.g,
          pruning: spec.pruning,
          robustness: rob ? { runs: rob.runs, noise: rob.noise, seed: rob.seed } : null,
          specificity: sp ? { runs: sp.runs, seed: sp.seed } : null,
        },
        nodes,
        edges,
        summary: forest.summary,
        prizes: forest.prizes,
        interactome: forest.interactome,
        networkId,
        provenance: {
          appVersion: appVersion(),
          createdAt: new Date().toISOString(),
          elapsedMs: Date.now() - planned,
          inputs: {
            ...inputs,
            // What the worker actually read: the network file and the prize table after the cuts.
            interactomeFile: {
              id: interactome.input.id,
              name: 'network file',
              sha256: forest.interactomeSha256,
            },
            prizeTable: { id: 'prizes', name: forest.prizes.description, sha256: forest.prizesSha256 },
          },
          spec: specForProvenance(spec),
        },
      };
      writeFileAtomic(result.absPath, JSON.stringify(doc));
      // The subnetwork as a project network: node flags and randomisation frequencies as attributes.
      const graph: NetworkGraph = {
        nodes: nodes.map((n) => ({
          id: n.gene,
          attributes: {
            terminal: n.terminal,
            prize: n.prize,
            degree: n.degree,
            component: n.component,
            ...(n.robustness !== null ? { robustness: n.robustness } : {}),
            ...(n.specificity !== null ? { specificity: n.specificity } : {}),
          },
        })),
        edges: edges.map((e) => ({
          source: e.source,
          target: e.target,
          directed: false,
          attributes: {
            cost: e.cost,
            in_forest: e.inForest,
            ...(e.robustness !== null ? { robustness: e.robustness } : {}),
          },
        })),
      };
      const text = JSON.stringify(graph);
      mkdirSync(join(projects.summary()!.dir, 'networks'), { recursive: true });
      writeFileAtomic(projects.resolveFile(networkRel), text);
      const descriptor: NetworkDescriptor = {
        id: networkId,
        name,
        file: networkRel,
        nNodes: graph.nodes.length,
        nEdges: graph.edges.length,
        source: {
          fileName: `${runId}.json`,
          sha256: createHash('sha256').update(text).digest('hex'),
          citation: 'Prize-collecting Steiner forest (OmicsIntegrator2, Tuncbag et al. 2016)',
        },
        createdAt: new Date().toISOString(),
      };
      projects.addNetwork(descriptor);
      return {
        networkId,
        nodes: doc.summary.nodes,
        edges: doc.summary.edges,
        components: doc.summary.components,
        terminalsKept: doc.summary.terminalsKept,
      };
    },
    // A network file written by a reduce that failed before registering it must not stay behind.
    discard: () => {
      const registered = projects.summary()?.manifest.networks.some((n) => n.id === networkId);
      if (!registered) rmSync(join(projects.summary()?.dir ?? '', networkRel), { force: true });
    },
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { interactomeNetworkId: interactome.input.id, ...runInputs(prizes.inputs) },
      params: {
        w: spec.w,
        b: spec.b,
        g: spec.g,
        pruning: spec.pruning,
        prizes:
          spec.prizes.from === 'table' ? `table ${spec.prizes.name}` : `signature ${spec.prizes.column}`,
        robustnessRuns: rob?.runs ?? null,
        noise: rob?.noise ?? null,
        robustnessSeed: rob?.seed ?? null,
        specificityRuns: sp?.runs ?? null,
        specificitySeed: sp?.seed ?? null,
      },
      ...(rob ? { seed: rob.seed } : sp ? { seed: sp.seed } : {}),
      resultFile: result.relPath,
    },
  });
};
