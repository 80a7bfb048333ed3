import type { MethodInput, MethodOutput } from '#shared/contracts/api.ts';
import { newId } from '#shared/lib/ids.ts';
import { sourceFile } from '../datasets/import-paths.ts';
import type { InteractiveLane } from '../jobs/worker-supervisor.ts';
import type { UploadService } from '../uploads/upload-service.ts';

/**
 * network.readKnowledge: main resolves the file (a path, or a finished upload) and routes the read to
 * the interactive worker (compute/causal/knowledge/knowledge-source.ts), which parses it.
 */
export async function readKnowledge(
  interactive: InteractiveLane,
  uploads: UploadService,
  input: MethodInput<'network.readKnowledge'>,
): Promise<MethodOutput<'network.readKnowledge'>> {
  const uploadId = 'uploadId' in input.file ? input.file.uploadId : undefined;
  const file =
    uploadId === undefined
      ? sourceFile(input.file, 'knowledge file')
      : sourceFile({ path: uploads.path(uploadId) }, 'knowledge file');
  try {
    const params = { file, ...(input.as ? { as: input.as } : {}) };
    return await interactive.run('network.readKnowledge', params, { jobId: newId('knowledge') });
  } finally {
    // Its constraints now live in the page; the temp copy has no further use.
    if (uploadId !== undefined) uploads.discard(uploadId);
  }
}
