import { existsSync, renameSync, rmSync } from 'node:fs';
import type { NetworkDescriptor, TableDescriptor } from '#shared/domain/project.ts';
import { CausewayError } from '#shared/lib/result.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { displayName, geneMapPath, sourceFile } from '../../datasets/import-paths.ts';
import {
  prepareReferenceFiles,
  projectDatasetRefs,
  REFERENCE_LAYOUT,
  referenceIdFor,
} from '../../datasets/import-reference.ts';
import { fanOut, type Planner } from './plan.ts';

/**
 * reference.import: the worker reads the network or drug–target table, checks its gene ids against the
 * project's datasets and writes a hidden staging file plus the run's result; `reduce` (in main) renames
 * the staging file into place and registers it. A failure or cancel at any point runs `discard`, which
 * leaves the project byte-identical; the source file is only ever read.
 */
export const planReferenceImport: Planner<'reference.import'> = (spec, projects, runId) => {
  const file = sourceFile(spec.source, 'file');
  const kind = spec.referenceKind;
  const fileName = displayName(file);
  const name = (spec.name ?? fileName).slice(0, 200);
  const id = referenceIdFor(name, REFERENCE_LAYOUT[kind].fallback);
  const files = prepareReferenceFiles(projects, kind, id, runId);
  const params: TaskParams<'reference.import'> = {
    file,
    fileName,
    expect: kind,
    id,
    name,
    stagingPath: files.staging,
    resultPath: files.result.absPath,
    datasets: projectDatasetRefs(projects),
    geneMapPath: geneMapPath(),
  };
  const label = `Import of ${name}`.slice(0, 300);
  return fanOut({
    label,
    chunks: [{ task: 'reference.import', params }],
    reduce: (values) => {
      const out = values[0]!;
      if (existsSync(files.final))
        throw new CausewayError('E_IO', `${files.rel} already exists in the project.`);
      renameSync(files.staging, files.final);
      const source = { fileName: fileName.slice(0, 1000), sha256: out.sha256 };
      const createdAt = new Date().toISOString();
      try {
        if (kind === 'network') {
          const network: NetworkDescriptor = {
            id,
            name,
            file: files.rel,
            nNodes: out.nNodes,
            nEdges: out.nEdges,
            source,
            createdAt,
          };
          projects.addNetwork(network);
        } else {
          const table: TableDescriptor = {
            id,
            name,
            kind: 'drug-targets',
            description: `Imported from ${fileName}: one row per drug–gene pair.`.slice(0, 5000),
            file: files.rel,
            nRows: out.nRows,
            source,
            createdAt,
          };
          projects.addTable(table);
        }
      } catch (e) {
        rmSync(files.final, { force: true });
        throw e;
      }
      return {
        referenceId: id,
        matchedGenes: out.geneMatch.matched,
        totalGenes: out.geneMatch.total,
      };
    },
    discard: files.discard,
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { [kind === 'network' ? 'networkId' : 'tableId']: id },
      params: { fileName: fileName.slice(0, 1000), referenceKind: kind },
      resultFile: files.result.relPath,
    },
  });
};
