/**
 * Network versions: a named network is its base document (a discovery run's result or a project
 * network) plus the edit operations made on it, in order. The learned network is never overwritten,
 * the history is the undo stack saved with the version, and any two versions can be diffed by
 * materialising both (diff.ts). Stored one JSON file per version under networks/versions/.
 */
import { z } from 'zod';
import { SAFE_ID } from '../../lib/ids.ts';
import { applyEdits, EditOp } from './edits.ts';
import type { GeneRegulatoryNetwork } from './network.ts';

// Not project.ts's SafeId: project.ts imports this module (its manifest lists versions).
const SafeId = z.string().regex(SAFE_ID, 'ids are 1–64 letters, digits, "_" or "-"');

/** What a version's edits start from. */
export const NetworkBase = z.discriminatedUnion('kind', [
  /** The result of a network.discover run (its stability graph). */
  z.object({ kind: z.literal('run'), runId: SafeId }).strict(),
  /** A project network (imported, or a Steiner subnetwork). */
  z.object({ kind: z.literal('network'), networkId: SafeId }).strict(),
]);
export type NetworkBase = z.infer<typeof NetworkBase>;

const VersionName = z.string().trim().min(1).max(200);
const Note = z.string().max(5_000);

/** What the manifest lists (the ops live in the version's file). */
export const NetworkVersionSummary = z.object({
  id: SafeId,
  name: VersionName,
  base: NetworkBase,
  /** The version this one was saved from; its ops are a prefix of this one's. */
  parentId: SafeId.optional(),
  nOps: z.number().int().min(0),
  note: Note.default(''),
  createdAt: z.iso.datetime(),
});
export type NetworkVersionSummary = z.infer<typeof NetworkVersionSummary>;

export const NetworkVersion = NetworkVersionSummary.extend({
  /** Every edit from the base document, in the order made: replayable, and undoable one by one. */
  ops: z.array(EditOp).max(1_000_000),
});
export type NetworkVersion = z.infer<typeof NetworkVersion>;

/** What a client sends to save a version; the service mints the id and the time. */
export const SaveNetworkVersion = z
  .object({
    name: VersionName,
    base: NetworkBase,
    parentId: SafeId.optional(),
    ops: z.array(EditOp).max(1_000_000),
    note: Note.optional(),
  })
  .strict();
export type SaveNetworkVersion = z.infer<typeof SaveNetworkVersion>;

/** The network a version describes; throws EditConflictError if the ops do not fit the base. */
export function materialiseVersion(
  base: GeneRegulatoryNetwork,
  version: Pick<NetworkVersion, 'ops'>,
): GeneRegulatoryNetwork {
  return applyEdits(base, version.ops);
}
