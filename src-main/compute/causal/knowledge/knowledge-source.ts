/**
 * Background knowledge from a user's file: a knowledge file (JSON or Tetrad's format,
 * src-shared/domain/grn/knowledge-file.ts) or a prior network (edge list, SIF, GraphML) read as
 * constraints. Runs in a worker for the app (network.readKnowledge) and in the CLI (discover
 * --knowledge); errors name the file and the line.
 */
import type { ReadKnowledgeResult } from '#shared/contracts/network-versions.ts';
import {
  knowledgeCounts,
  KnowledgeFileError,
  knowledgeFromNetwork,
  parseKnowledgeFile,
  type NetworkAsKnowledge,
} from '#shared/domain/grn/knowledge-file.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readReference } from '../../import/reference.ts';
import { readSmallFile } from '../../io/text-table.ts';
import { invalid } from '../../io/types.ts';

/** Knowledge files are lists of gene pairs: far below this; a bigger file is something else. */
const MAX_KNOWLEDGE_BYTES = 128 * 1024 * 1024;

const TETRAD_SECTION =
  /^(\/knowledge|addtemp(oral)?|forbiddirect|requiredirect|forbiddengroup|requiredgroup)\b/i;

/** A knowledge file: JSON, or Tetrad's format (its first meaningful line is a section keyword). */
function isKnowledgeText(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) return true;
  for (const raw of body.split(/\r?\n/, 200)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('//') || line.startsWith('#')) continue;
    return TETRAD_SECTION.test(line);
  }
  return false;
}

/**
 * `as`: how a network file constrains the search (required / allowed-skeleton / forbidden). Without
 * it a network file is refused, since each reading means something else to the search.
 */
export async function readKnowledgeSource(
  file: string,
  as?: NetworkAsKnowledge,
): Promise<ReadKnowledgeResult> {
  const text = readSmallFile(file, MAX_KNOWLEDGE_BYTES).toString('utf8');
  if (isKnowledgeText(text)) {
    try {
      const { format, knowledge } = parseKnowledgeFile(text);
      return { source: format, knowledge, counts: knowledgeCounts(knowledge) };
    } catch (e) {
      if (!(e instanceof KnowledgeFileError)) throw e;
      throw invalid(file, `${e.reason}.`, e.line === undefined ? undefined : { row: e.line });
    }
  }
  const network = await readReference(file, 'network');
  if (network.kind !== 'network') throw invalid(file, 'is not a knowledge file or a network.');
  if (!as)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${file}: is a network, not a knowledge file; say whether its edges are required, forbidden or the allowed skeleton.`,
      { file, needsAs: true },
    );
  const knowledge = knowledgeFromNetwork(network.graph.edges, as);
  return { source: 'network', networkFormat: network.format, knowledge, counts: knowledgeCounts(knowledge) };
}
