import { z } from 'zod';
import { FileRef } from './data-import.ts';
import { SafeId } from '../domain/project.ts';
import { KnowledgeCounts, NetworkAsKnowledge } from '../domain/grn/knowledge-file.ts';
import { GeneKnowledge } from '../domain/grn/network.ts';
import { NetworkVersion, NetworkVersionSummary, SaveNetworkVersion } from '../domain/grn/versions.ts';

/**
 * Background knowledge read from a user's file (network.readKnowledge), for the Network page to show
 * and to turn into edits (setConstraint / setTiers) or a discovery job's `knowledge`.
 */
export const ReadKnowledgeResult = z.object({
  /** How the file was read: a JSON or Tetrad knowledge file, or a network turned into constraints. */
  source: z.enum(['json', 'tetrad', 'network']),
  /** The network file's format (edge-list, sif, graphml) when source is "network". */
  networkFormat: z.string().optional(),
  /** By gene name, in canonical form (adjacencies gene-ordered, lists sorted); genes may lie outside the network. */
  knowledge: GeneKnowledge,
  /** How many constraints of each kind, for the confirmation before they are applied. */
  counts: KnowledgeCounts,
});
export type ReadKnowledgeResult = z.infer<typeof ReadKnowledgeResult>;

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
  /**
   * Read background knowledge from a file (a path, or a finished upload, removed once read), parsed in
   * a worker. Accepted: a knowledge file — JSON in the GeneKnowledge / DiscoveryKnowledge shape (or a
   * discovery result, whose `knowledge` is taken), or Tetrad's knowledge file (addtemporal tiers, "*"
   * tiers, forbiddirect / requiredirect, forbiddengroup / requiredgroup; docs in
   * src-shared/domain/grn/knowledge-file.ts) — or a prior network (edge list, SIF, GraphML) read as
   * constraints according to `as`: 'required' (directed edges → required arcs, undirected → required
   * adjacencies), 'forbidden' (the same, forbidden) or 'allowed-skeleton' (only its gene pairs may be
   * adjacent). `as` is needed for a network file and ignored for a knowledge file. Errors
   * (E_INVALID_INPUT) name the file and the line at fault. Nothing is changed in the project.
   */
  'network.readKnowledge': {
    input: z.object({ file: FileRef, as: NetworkAsKnowledge.optional() }).strict(),
    output: ReadKnowledgeResult,
  },
} as const;
