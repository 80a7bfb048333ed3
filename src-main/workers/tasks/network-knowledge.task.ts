import { readKnowledgeSource } from '../../compute/causal/knowledge/knowledge-source.ts';
import type { Task } from '../runtime.ts';

// network.readKnowledge: a knowledge file or prior network parsed on the interactive worker.
export const networkReadKnowledgeTask: Task<'network.readKnowledge'> = (p) =>
  readKnowledgeSource(p.file, p.as);
