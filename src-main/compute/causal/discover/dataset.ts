/**
 * What a discovery run learns from (read from a project dataset by project-data.ts): observational
 * samples and interventional settings over the same variables. A sample whose setting label is empty,
 * "obs", "observational", "control", "ctrl", "dmso" or "none" is observational; every other label names
 * an interventional setting, whose known targets are the variables its label names (split on "+", ",", ";").
 */
import type { DenseMatrix } from '../../numeric/matrix.ts';

export interface InterventionalSetting {
  readonly label: string;
  readonly data: DenseMatrix;
  /** Variable indices named by the label (empty when the label names none). */
  readonly knownTargets: number[];
}

export interface DiscoveryData {
  readonly nodes: string[];
  readonly observational: DenseMatrix;
  readonly settings: InterventionalSetting[];
  /** sha256 of the dataset files the data came from. */
  readonly dataHash: string;
}

export const OBSERVATIONAL = /^(|obs|observational|control|none|ctrl|dmso)$/i;
