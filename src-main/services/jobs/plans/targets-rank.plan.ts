import { existsSync } from 'node:fs';
import type { InputRef } from '#shared/contracts/targets.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import type { RunRecord } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { ProjectService } from '../../projects/project-service.ts';
import { appVersion, lincsMappingPath } from '../../paths.ts';
import type { Planner } from './plan.ts';

export function finishedRun(projects: ProjectService, runId: string, kind: string, what: string): RunRecord {
  const run = projects.summary()?.manifest.runs.find((r) => r.id === runId);
  if (!run) throw new CausewayError('E_NOT_FOUND', `No run "${runId}" in this project.`);
  if (run.kind !== kind) {
    throw new CausewayError('E_INVALID_INPUT', `Run "${run.label}" is a ${run.kind} run, not ${what}.`);
  }
  return run;
}

/**
 * targets.rank: one worker task reads the discovery run's stability graph and kept subsample DAGs, the
 * expression data, the disease signature and the drug–target table, and writes the ranked target table.
 * (Fitting one SEM per DAG is the work; it shares the data's covariance, so it stays in one process.)
 */
export const planTargetsRank: Planner<'targets.rank'> = (spec, projects, runId) => {
  const discover = finishedRun(projects, spec.discoverRunId, 'network.discover', 'a causal network');
  const graphs = discover.params['subsampleGraphsFile'];
  if (typeof graphs !== 'string' || !existsSync(projects.resolveFile(graphs))) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${discover.label} kept no subsample graphs: rerun the causal step with stability selection.`,
    );
  }
  const expression = projects.dataset(spec.datasetId);
  const disease = projects.dataset(spec.disease.datasetId);
  const table = (projects.summary()?.manifest.tables ?? []).find((t) => t.id === spec.drugTargetsTableId);
  if (!table || table.kind !== 'drug-targets') {
    throw new CausewayError(
      'E_NOT_FOUND',
      `No drug–target table "${spec.drugTargetsTableId}" in this project.`,
    );
  }
  const drugRun = spec.drugRankRunId
    ? finishedRun(projects, spec.drugRankRunId, 'drugs.rank', 'a drug ranking')
    : null;
  const steinerRun =
    spec.diseaseGenes.mode === 'steinerTerminals'
      ? finishedRun(projects, spec.diseaseGenes.steinerRunId, 'targets.steiner', 'a Steiner subnetwork')
      : null;
  // Row annotations: the node attributes of the network the run's genes came from (terminal, interactors…).
  const annotationNetwork = discover.inputs['genesFromNetworkId'] ?? discover.inputs['skeletonNetworkId'];
  const annotations =
    annotationNetwork && projects.summary()?.manifest.networks.some((n) => n.id === annotationNetwork)
      ? { networkId: annotationNetwork, path: projects.resolveFile(projects.network(annotationNetwork).file) }
      : null;
  const dataHash = discover.params['dataHash'];
  const inputs: Record<string, InputRef> = {
    network: {
      id: discover.id,
      name: discover.label,
      sha256: typeof dataHash === 'string' ? dataHash : null,
    },
    expression: { id: expression.id, name: expression.name, sha256: expression.source.sha256 },
    disease: { id: disease.id, name: disease.name, sha256: disease.source.sha256 },
    drugTargets: { id: table.id, name: table.name, sha256: table.source.sha256 },
    ...(drugRun ? { drugRanking: { id: drugRun.id, name: drugRun.label, sha256: null } } : {}),
    ...(steinerRun ? { steiner: { id: steinerRun.id, name: steinerRun.label, sha256: null } } : {}),
    ...(annotations
      ? {
          annotations: {
            id: annotations.networkId,
            name: projects.network(annotations.networkId).name,
            sha256: projects.network(annotations.networkId).source.sha256,
          },
        }
      : {}),
  };
  const result = projects.prepareResultFile(runId, 'json');
  const dg = spec.diseaseGenes;
  const params: TaskParams<'targets.rank'> = {
    discover: {
      runId: discover.id,
      label: discover.label,
      graphPath: projects.resolveFile(discover.resultFile),
      subsampleGraphsPath: projects.resolveFile(graphs),
    },
    threshold: spec.threshold ?? null,
    expression: {
      id: expression.id,
      name: expression.name,
      matrixPath: projects.resolveFile(expression.matrixFile),
    },
    disease: {
      id: disease.id,
      name: disease.name,
      matrixPath: projects.resolveFile(disease.matrixFile),
      column: spec.disease.column,
    },
    diseaseGenes:
      dg.mode === 'steinerTerminals' && steinerRun
        ? {
            mode: 'steinerTerminals',
            runId: steinerRun.id,
            resultPath: projects.resolveFile(steinerRun.resultFile),
          }
        : dg.mode === 'list'
          ? dg
          : {
              mode: 'signature',
              ...(dg.mode === 'signature' && dg.minAbs !== undefined ? { minAbs: dg.minAbs } : {}),
            },
    drugTargets: { id: table.id, name: table.name, path: projects.resolveFile(table.file) },
    annotations,
    minAffinity: spec.minAffinity,
    keepUnmeasured: spec.keepUnmeasured,
    drugRanking: drugRun ? { runId: drugRun.id, resultPath: projects.resolveFile(drugRun.resultFile) } : null,
    lincsMappingPath: lincsMappingPath(),
    reversalWeight: spec.reversalWeight,
    knockdown: spec.knockdown,
    minPathStability: spec.minPathStability,
    seed: spec.seed,
    spec: { ...spec },
    inputs,
    appVersion: appVersion(),
    resultPath: result.absPath,
  };
  const label = `Ranked targets: ${discover.label}`.slice(0, 300);
  return {
    task: 'targets.rank',
    params,
    label,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: {
        discoverRunId: discover.id,
        datasetId: expression.id,
        diseaseDatasetId: disease.id,
        drugTargetsTableId: table.id,
        ...(drugRun ? { drugRankRunId: drugRun.id } : {}),
        ...(steinerRun ? { steinerRunId: steinerRun.id } : {}),
      },
      params: {
        diseaseColumn: spec.disease.column,
        diseaseGenes: dg.mode === 'list' ? `list of ${dg.genes.length}` : dg.mode,
        threshold: spec.threshold ?? null,
        minAffinity: spec.minAffinity,
        keepUnmeasured: spec.keepUnmeasured,
        knockdown: spec.knockdown,
        minPathStability: spec.minPathStability,
        reversalWeight: spec.reversalWeight,
      },
      seed: spec.seed,
      resultFile: result.relPath,
    },
  };
};
