import type { AppInfo, MethodName, MethodOutput } from '#shared/contracts/api.ts';
import type { methods } from '#shared/contracts/api.ts';
import type { z } from 'zod';
import { CausewayError } from '#shared/lib/result.ts';
import type { Backend } from '../services/backend.ts';
import { readModelCard, startModelImport, validateModelFile } from '../services/models/model-import.ts';
import { exportDesignRun } from '../services/design/design-requests.ts';
import { diseasePreview, drugDetail, exportRun } from '../services/drugs/drug-requests.ts';
import { geneValues, sampleColumns } from '../services/projects/dataset-requests.ts';
import { readKnowledge } from '../services/projects/knowledge-requests.ts';
import {
  getNetworkVersion,
  listNetworkVersions,
  saveNetworkVersion,
} from '../services/projects/network-versions.ts';
import { listModels } from '../services/models/model-list.ts';
import { geneDrugs } from '../services/projects/table-requests.ts';
import { druggableGenes, exportTargetsRun, prizePreview } from '../services/targets/targets-requests.ts';
import { deleteGimModel, listGimModels, readGimModel } from '../services/gim/gim-store.ts';
import { gimToSignature, isGimDataJob, startGimJob } from '../services/gim/gim-requests.ts';

type Input<M extends MethodName> = z.infer<(typeof methods)[M]['input']>;
export type PickFileKind = Input<'dialog.pickFile'>['kind'];
export type Handlers = { [M in MethodName]: (input: Input<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

/** What differs between hosts: who can show native dialogs. */
export interface HostCapabilities {
  host: AppInfo['host'];
  pickFolder?: (title: string) => Promise<string | null>;
  /** A native open-file dialog filtered for data files or sample sheets (desktop). */
  pickFile?: (title: string, kind: PickFileKind) => Promise<string | null>;
}

/** Binds every contract method to the services. Transports (Electron IPC, WebSocket) call dispatch(). */
export function createHandlers(backend: Backend, host: HostCapabilities): Handlers {
  const { projects, jobs, imports, uploads } = backend;
  return {
    'app.info': () => ({
      name: 'Causeway',
      version: backend.version,
      host: host.host,
      platform: process.platform,
      canPickFolders: host.pickFolder !== undefined,
    }),
    'dialog.pickFolder': async ({ title }) => {
      if (!host.pickFolder)
        throw new CausewayError('E_UNSUPPORTED', 'Folder dialogs exist only in the desktop app.');
      return { path: await host.pickFolder(title) };
    },
    'project.create': ({ dir, name }) => projects.create(dir, name),
    'project.open': ({ dir }) => projects.open(dir),
    'project.openDemo': () => projects.openDemo(),
    'project.current': () => projects.summary(),
    'project.save': () => projects.save(),
    'project.rename': ({ name }) => projects.rename(name),
    'project.close': () => ({ closed: projects.close() }),
    'project.recent': () => projects.recentProjects(),
    'job.start': ({ jobId, spec, executor }) =>
      executor?.kind === 'slurm'
        ? backend.cluster
            .executor(executor.profile, spec)
            .then((e) => jobs.start(jobId, spec, { executor: e }))
        : spec.kind === 'model.import'
          ? startModelImport(jobs, uploads, jobId, spec)
          : isGimDataJob(spec)
            ? startGimJob(jobs, uploads, jobId, spec)
            : imports.start(jobId, spec),
    'cluster.profiles': () => backend.cluster.state(),
    'cluster.saveProfile': ({ name, profile, previousName }) =>
      backend.cluster.save(name, profile, previousName),
    'cluster.deleteProfile': ({ name }) => backend.cluster.remove(name),
    'cluster.estimate': ({ spec, profile }) => backend.cluster.estimate(spec, profile),
    'job.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'job.list': () => jobs.list(),
    'run.result': ({ runId }) => projects.runResult(runId),
    'network.get': ({ networkId }) => projects.networkGraph(networkId),
    'network.listVersions': () => listNetworkVersions(projects),
    'network.getVersion': ({ versionId }) => getNetworkVersion(projects, versionId),
    'network.saveVersion': (input) => saveNetworkVersion(projects, input),
    'network.readKnowledge': (input) => readKnowledge(backend.supervisor, uploads, input),
    'dataset.sampleColumns': ({ datasetId }) => sampleColumns(projects, backend.supervisor, datasetId),
    'dataset.geneValues': ({ datasetId, genes }) =>
      geneValues(projects, backend.supervisor, datasetId, genes),
    'tables.geneDrugs': ({ tableId, genes }) => geneDrugs(projects, backend.supervisor, tableId, genes),
    'drugs.preview': (input) => diseasePreview(projects, backend.supervisor, input),
    'drugs.detail': (input) => drugDetail(projects, backend.supervisor, input),
    'run.export': (input) => exportRun(projects, backend.supervisor, input),
    'dataset.inspect': ({ file, options }) => imports.inspect(file, options),
    'dataset.importReference': (input) => imports.importReference(projects, input),
    'dialog.pickFile': async ({ title, kind }) => {
      if (!host.pickFile)
        throw new CausewayError('E_UNSUPPORTED', 'File dialogs exist only in the desktop app.');
      return { path: await host.pickFile(title, kind) };
    },
    'upload.begin': ({ fileName, size }) => uploads.begin(fileName, size),
    'upload.chunk': ({ uploadId, offset, base64 }) => uploads.chunk(uploadId, offset, base64),
    'upload.end': ({ uploadId }) => uploads.end(uploadId),
    'upload.discard': ({ uploadId }) => ({ discarded: uploads.discard(uploadId) }),
    'model.list': () => listModels(projects),
    'model.validate': (input) =>
      validateModelFile(backend.supervisor, projects, input, backend.settings.get().provider, uploads),
    'model.readCard': ({ file }) => readModelCard(file, uploads),
    'settings.get': () => backend.settings.get(),
    'settings.set': (input) => backend.settings.set(input),
    'targets.prizePreview': (input) => prizePreview(projects, backend.supervisor, input),
    'targets.druggableGenes': (input) => druggableGenes(projects, backend.supervisor, input),
    'targets.export': (input) => exportTargetsRun(projects, backend.supervisor, input),
    'design.export': (input) => exportDesignRun(projects, backend.supervisor, input),
    'gim.models': () => listGimModels(projects),
    'gim.model': ({ modelId }) => readGimModel(projects, modelId),
    'gim.deleteModel': ({ modelId }) => deleteGimModel(projects, modelId),
    'gim.toSignature': (input) => gimToSignature(projects, backend.supervisor, input),
  };
}
