import type { TaskTable } from '../runtime.ts';
import { designExportTask, designPlanTask } from './design-plan.task.ts';
import { datasetImportTask } from './dataset-import.task.ts';
import { datasetInspectTask } from './dataset-inspect.task.ts';
import { datasetGeneValuesTask, datasetSampleColumnsTask } from './dataset-reads.task.ts';
import { datasetSummaryTask } from './dataset-summary.task.ts';
import { drugsDetailTask, drugsPreviewTask, rankingExportTask } from './drug-reads.task.ts';
import { drugsRankTask } from './drugs-rank.task.ts';
import { tablesGeneDrugsTask } from './gene-drugs.task.ts';
import { modelImportTask, modelValidateTask } from './model-import.task.ts';
import { modelTrainTask } from './model-train.task.ts';
import { networkDiscoverTask } from './network-discover.task.ts';
import { networkReadKnowledgeTask } from './network-knowledge.task.ts';
import { referenceImportTask } from './reference-import.task.ts';
import { signatureBuildTask } from './signature-build.task.ts';
import { targetsRankTask } from './targets-rank.task.ts';
import {
  targetsDruggableGenesTask,
  targetsExportTask,
  targetsPrizePreviewTask,
} from './targets-reads.task.ts';
import { targetsSteinerTask, targetsSweepTask } from './targets-steiner.task.ts';
import { transportPredictTask } from './transport-predict.task.ts';
import { transportValidateTask } from './transport-validate.task.ts';
import { gimPredictTask } from './gim-predict.task.ts';
import { gimTrainTask } from './gim-train.task.ts';
import { gimValidateTask } from './gim-validate.task.ts';
import { gimSignatureTask } from './gim-signature.task.ts';

/** Every task a compute worker can run, by name; TaskTable makes a missing or mistyped one a compile error. */
export const computeTasks: TaskTable = {
  'dataset.summary': datasetSummaryTask,
  'drugs.rank': drugsRankTask,
  'drugs.preview': drugsPreviewTask,
  'drugs.detail': drugsDetailTask,
  'ranking.export': rankingExportTask,
  'network.discover': networkDiscoverTask,
  'dataset.inspect': datasetInspectTask,
  'dataset.sampleColumns': datasetSampleColumnsTask,
  'dataset.geneValues': datasetGeneValuesTask,
  'tables.geneDrugs': tablesGeneDrugsTask,
  'dataset.import': datasetImportTask,
  'reference.import': referenceImportTask,
  'signature.build': signatureBuildTask,
  'model.train': modelTrainTask,
  'model.validate': modelValidateTask,
  'model.import': modelImportTask,
  'transport.validate': transportValidateTask,
  'transport.predict': transportPredictTask,
  'targets.steiner': targetsSteinerTask,
  'targets.sweep': targetsSweepTask,
  'targets.rank': targetsRankTask,
  'targets.prizePreview': targetsPrizePreviewTask,
  'targets.druggableGenes': targetsDruggableGenesTask,
  'targets.export': targetsExportTask,
  'network.readKnowledge': networkReadKnowledgeTask,
  'design.plan': designPlanTask,
  'design.export': designExportTask,
  'gim.train': gimTrainTask,
  'gim.predict': gimPredictTask,
  'gim.validate': gimValidateTask,
  'gim.signature': gimSignatureTask,
};
