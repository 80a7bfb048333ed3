import { geneDrugs } from '../../compute/summary/gene-drugs.ts';
import type { Task } from '../runtime.ts';

// The gene panel's drugs, read from a project's drug–target table on the interactive worker.
export const tablesGeneDrugsTask: Task<'tables.geneDrugs'> = (p) => Promise.resolve(geneDrugs(p));
