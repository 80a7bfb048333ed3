import { z } from 'zod';
import { SafeId } from '../domain/project.ts';
import { NetworkVersion, NetworkVersionSummary, SaveNetworkVersion } from '../domain/grn/versions.ts';

/**
 * Network versions (issue 13): a saved version is a base document plus its edit operations
 * (src-shared/domain/grn/versions.ts). The client materialises and diffs versions itself: the base
 * comes from `run.result` / `network.get`, the ops from `network.getVersion`.
 */
export const networkVersionMethods = {
  /** Every saved version of the open project, oldest first. */
  'network.listVersions': { input: z.object({}).strict(), output: z.array(NetworkVersionSummary) },
  'network.getVersion': { input: z.object({ versionId: SafeId }).strict(), output: NetworkVersion },
  /** Save a new version (never overwrites one); the ops are checked against the base before saving. */
  'network.saveVersion': { input: SaveNetworkVersion, output: NetworkVersionSummary },
} as const;
