/**
 * Saved network versions (issue 13; src-shared/domain/grn/versions.ts): each version is its base
 * document plus its edit operations, in its own file under networks/versions/, listed in the manifest.
 * Saving checks that the operations replay on the base, so a saved version always opens.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { EditConflictError } from '#shared/domain/grn/edits.ts';
import { fromDiscoveredGraph, fromNetworkGraph } from '#shared/domain/grn/from-documents.ts';
import type { GeneRegulatoryNetwork } from '#shared/domain/grn/network.ts';
import {
  materialiseVersion,
  NetworkVersion,
  type NetworkBase,
  type NetworkVersionSummary,
  type SaveNetworkVersion,
} from '#shared/domain/grn/versions.ts';
import type { NetworkVersionDescriptor } from '#shared/domain/project.ts';
import { newId } from '#shared/lib/ids.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { readBounded } from './manifest-file.ts';
import type { ProjectService } from './project-service.ts';

const MAX_VERSION_BYTES = 256 * 1024 * 1024;

export function listNetworkVersions(projects: ProjectService): NetworkVersionSummary[] {
  return (projects.summary()?.manifest.networkVersions ?? []).map(({ file: _file, ...summary }) => summary);
}

function descriptor(projects: ProjectService, versionId: string): NetworkVersionDescriptor {
  const found = projects.summary()?.manifest.networkVersions?.find((v) => v.id === versionId);
  if (!found) throw new CausewayError('E_NOT_FOUND', `No network version "${versionId}" in this project.`);
  return found;
}

export function getNetworkVersion(projects: ProjectService, versionId: string): NetworkVersion {
  const d = descriptor(projects, versionId);
  const file = projects.resolveFile(d.file);
  let json: unknown;
  try {
    json = JSON.parse(readBounded(file, MAX_VERSION_BYTES));
  } catch (e) {
    if (e instanceof CausewayError) throw e;
    throw new CausewayError('E_CORRUPT_PROJECT', `The network version file ${d.file} is not valid JSON.`, {
      file,
    });
  }
  const parsed = NetworkVersion.safeParse(json);
  if (!parsed.success || parsed.data.id !== d.id)
    throw new CausewayError('E_CORRUPT_PROJECT', `The network version file ${d.file} is damaged.`, { file });
  return parsed.data;
}

/** The network a base names, as the model (the same conversion the app's views use). */
export function baseNetwork(projects: ProjectService, base: NetworkBase): GeneRegulatoryNetwork {
  if (base.kind === 'network') return fromNetworkGraph(projects.networkGraph(base.networkId));
  const run = projects.summary()?.manifest.runs.find((r) => r.id === base.runId);
  if (!run) throw new CausewayError('E_NOT_FOUND', `No run "${base.runId}" in this project.`);
  if (run.kind !== 'network.discover')
    throw new CausewayError('E_INVALID_INPUT', `Run "${base.runId}" is a ${run.kind} run, not a network.`);
  const graph = DiscoveredGraph.safeParse(projects.runResult(base.runId));
  if (!graph.success)
    throw new CausewayError('E_CORRUPT_PROJECT', `The result of run "${base.runId}" is not a network.`);
  return fromDiscoveredGraph(graph.data);
}

export function saveNetworkVersion(
  projects: ProjectService,
  input: SaveNetworkVersion,
): NetworkVersionSummary {
  if (input.parentId !== undefined) {
    const parent = getNetworkVersion(projects, input.parentId);
    if (JSON.stringify(parent.base) !== JSON.stringify(input.base))
      throw new CausewayError('E_INVALID_INPUT', `Version "${input.parentId}" starts from another network.`);
  }
  const base = baseNetwork(projects, input.base);
  try {
    materialiseVersion(base, input);
  } catch (e) {
    if (e instanceof EditConflictError)
      throw new CausewayError('E_INVALID_INPUT', `The edits do not fit this network: ${e.message}.`);
    throw e;
  }
  const id = newId('ver');
  const summary: NetworkVersionSummary = {
    id,
    name: input.name,
    base: input.base,
    ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
    nOps: input.ops.length,
    note: input.note ?? '',
    createdAt: new Date().toISOString(),
  };
  const file = `networks/versions/${id}.json`;
  const abs = projects.resolveFile(file);
  try {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileAtomic(abs, JSON.stringify({ ...summary, ops: input.ops } satisfies NetworkVersion));
  } catch (e) {
    throw new CausewayError('E_IO', `Cannot write the network version to ${abs} (${(e as Error).message}).`);
  }
  projects.addNetworkVersion({ ...summary, file });
  return summary;
}
