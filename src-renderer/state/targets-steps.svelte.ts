import type { NetworkDiscoverSpec } from '@shared/contracts/jobs.ts';
import { TARGETS_DEFAULTS, TargetsRankSpec } from '@shared/contracts/targets.ts';
import type { DiscoveryCompat } from '@shared/domain/discovered-graph.ts';
import type { DatasetDescriptor, TableDescriptor } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import { integer, number, numberList } from './targets-wizard.svelte.ts';

/** The stability-selection α grid of Belyaeva et al. 2021 (the Network page's default too). */
export const PAPER_ALPHAS = '0.0001, 0.001, 0.01, 0.1, 0.2, 0.3';

const alphaGrid = (text: string) => numberList(text, 1e-12, 0.999999);

/**
 * The causal step's settings, as Belyaeva et al. 2021 ran it: GSP with stability selection, 100
 * subsamples for each α of the grid, the pairs above 0.3 kept, search depth 5. `compat` picks
 * Causeway's search or the reference implementation's as a whole (docs/methods.md §2.9).
 */
export class CausalStepForm {
  subsamples = $state('100');
  alphas = $state(PAPER_ALPHAS);
  threshold = $state('0.3');
  compat = $state<DiscoveryCompat>('causeway');
  /** Blank: the setting's own depth (Causeway 4, the reference 5). */
  depth = $state('');
  /** Per cent of cells a gene must be expressed in (non-zero) to be kept; the paper: more than 10. */
  minExpressedPercent = $state('10');
  seed = $state('0');

  /** GSP runs the step makes: the full-data run plus one per subsample and α. */
  runCount(): number {
    return 1 + (integer(this.subsamples, 1, 1_000) ?? 0) * (alphaGrid(this.alphas)?.length ?? 0);
  }

  get problem(): string | null {
    if (integer(this.subsamples, 1, 1_000) === null) return 'Subsamples: a whole number from 1 to 1,000.';
    if (!alphaGrid(this.alphas)) return 'The α grid lists 1–20 numbers between 0 and 1.';
    if (number(this.threshold, 0, 1) === null) return 'The stability threshold is a number from 0 to 1.';
    if (number(this.minExpressedPercent, 0, 99.9) === null)
      return 'Expressed in more than … % of cells: a number from 0 to 99.9.';
    if (this.depth.trim() !== '' && integer(this.depth, 1, 50) === null)
      return 'The search depth is a whole number from 1 to 50, or blank.';
    if (integer(this.seed, 0, 2 ** 32 - 1) === null) return 'The seed is a whole number ≥ 0.';
    return null;
  }

  /**
   * "Discover a causal network on these genes": the subnetwork's genes, only its edges allowed (the
   * paper learned on the PPI skeleton), and every pair above the stability threshold reported with its
   * orientation — the graph the paper shows, not only the full-data run's edges.
   */
  spec(networkId: string, datasetId: string): NetworkDiscoverSpec | null {
    if (this.problem !== null) return null;
    return {
      kind: 'network.discover',
      datasetId,
      genes: { mode: 'network', networkId },
      restrictToNetworkId: networkId,
      ...(Number(this.minExpressedPercent) > 0
        ? { minExpressedFraction: Number(this.minExpressedPercent) / 100 }
        : {}),
      algorithm: 'gsp',
      alpha: 0.01,
      stability: {
        subsamples: Number(this.subsamples),
        fraction: 0.7,
        alphas: alphaGrid(this.alphas)!,
        threshold: Number(this.threshold),
      },
      ...(this.compat !== 'causeway' ? { compat: this.compat } : {}),
      ...(this.depth.trim() !== '' ? { depth: Number(this.depth) } : {}),
      seed: Number(this.seed),
    };
  }
}

/** What the ranking is run on besides its own settings. */
export interface RankInputs {
  discoverRunId: string | null;
  steinerRunId: string | null;
  expressionId: string | null;
  tables: readonly TableDescriptor[];
}

/** The ranking's settings: the disease signature, the drug–target table and its affinity cut. */
export class RankStepForm {
  diseaseId = $state('');
  diseaseColumns = $state<string[]>([]);
  diseaseColumn = $state('');
  drugTableId = $state('');
  minAffinity = $state(String(TARGETS_DEFAULTS.minAffinity));
  diseaseGenesFrom = $state<'steinerTerminals' | 'signature'>('steinerTerminals');
  drugRankRunId = $state('');
  seed = $state(String(TARGETS_DEFAULTS.seed));

  constructor(
    private readonly caller: Caller,
    private readonly datasets: () => readonly DatasetDescriptor[],
  ) {}

  get signatures(): DatasetDescriptor[] {
    return this.datasets().filter((d) => d.kind === 'signature');
  }

  /** The disease signature and its column (by default the one the Steiner prizes came from). */
  async setDisease(id: string, column?: string): Promise<void> {
    this.diseaseId = id;
    this.diseaseColumns = column ? [column] : [];
    this.diseaseColumn = column ?? '';
    if (!id) return;
    const r = await this.caller.call('dataset.geneValues', { datasetId: id, genes: [] });
    if (!r.ok || this.diseaseId !== id) return;
    this.diseaseColumns = r.value.columns;
    if (!this.diseaseColumns.includes(this.diseaseColumn)) this.diseaseColumn = r.value.columns[0] ?? '';
  }

  problem(inputs: RankInputs): string | null {
    if (!inputs.discoverRunId) return 'Discover the causal network first (or choose an earlier one).';
    if (!inputs.expressionId) return 'The project has no expression dataset.';
    if (!this.signatures.some((d) => d.id === this.diseaseId) || !this.diseaseColumn)
      return 'Choose the disease signature and its column.';
    if (!inputs.tables.some((t) => t.id === this.drugTableId))
      return 'Choose a drug–target table (e.g. DrugCentral).';
    if (number(this.minAffinity, 0, 15) === null)
      return 'The affinity cut is a pAct from 0 to 15 (the paper: 5).';
    if (integer(this.seed, 0, 2 ** 32 - 1) === null) return 'The seed is a whole number ≥ 0.';
    return null;
  }

  spec(inputs: RankInputs): TargetsRankSpec | null {
    if (this.problem(inputs) !== null) return null;
    const parsed = TargetsRankSpec.safeParse({
      kind: 'targets.rank',
      discoverRunId: inputs.discoverRunId,
      datasetId: inputs.expressionId,
      disease: { datasetId: this.diseaseId, column: this.diseaseColumn },
      diseaseGenes:
        this.diseaseGenesFrom === 'steinerTerminals' && inputs.steinerRunId
          ? { mode: 'steinerTerminals', steinerRunId: inputs.steinerRunId }
          : { mode: 'signature' },
      drugTargetsTableId: this.drugTableId,
      minAffinity: Number(this.minAffinity),
      ...(this.drugRankRunId ? { drugRankRunId: this.drugRankRunId } : {}),
      seed: Number(this.seed),
    });
    return parsed.success ? parsed.data : null;
  }
}
