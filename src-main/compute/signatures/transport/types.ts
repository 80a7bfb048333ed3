/**
 * The common shape of every transport method (docs/methods.md §4, issue 6): measured drug effects in some
 * cell types are carried over to a target cell type where they were not measured.
 *
 * Methods are asynchronous and take a context with an AbortSignal and a progress callback, so that a
 * model-backed method (the autoencoder latent shift, run through onnxruntime in a worker) fits the same
 * interface as the closed-form ones here.
 */
import { CausewayError } from '#shared/lib/result.ts';

/** Expression profiles with their labels. Profile j's genes live at values[j·nGenes, (j+1)·nGenes). */
export interface ProfileSet {
  readonly genes: readonly string[];
  readonly values: Float32Array | Float64Array;
  /** One entry per profile. */
  readonly cellTypes: readonly string[];
  /** One entry per profile: the control label or a perturbation (drug, cytokine…). */
  readonly conditions: readonly string[];
  /** The condition that means "unperturbed". */
  readonly control: string;
}

/** One profile to predict: a perturbation transported into a cell type. */
export interface TransportQuery {
  readonly cellType: string;
  readonly perturbation: string;
}

export interface TransportedProfile extends TransportQuery {
  /** Predicted mean profile over the ProfileSet's genes. */
  readonly values: Float64Array;
  /** Where the prediction came from (sources, weights, solver…), for the report. */
  readonly provenance: Record<string, unknown>;
}

export interface TransportOutput {
  readonly method: string;
  /** The execution provider that ran it ("cpu" for the closed-form methods). */
  readonly provider: string;
  readonly genes: readonly string[];
  readonly profiles: TransportedProfile[];
  readonly provenance: {
    readonly method: string;
    readonly citation: string;
    readonly options: Record<string, unknown>;
    /** Profiles the method saw (after the queried pairs were removed). */
    readonly nProfilesSeen: number;
  };
}

export interface TransportContext {
  readonly signal?: AbortSignal;
  /** fraction in [0, 1]. */
  readonly progress?: (fraction: number, message: string) => void;
  /** For stochastic methods (model training); the closed-form methods ignore it. */
  readonly seed?: number;
}

export interface TransportMethod {
  readonly id: string;
  readonly label: string;
  readonly citation: string;
  /** Options as given (recorded in the provenance). */
  readonly options: Record<string, unknown>;
  /**
   * Predicts each query. The caller guarantees (see `runTransport`) that the input holds no profile of a
   * queried (cell type, perturbation) pair, so no method can leak the answer.
   */
  transport(
    input: ProfileSet,
    queries: readonly TransportQuery[],
    ctx: TransportContext,
  ): Promise<TransportOutput>;
}

/** A query the data cannot answer (no source cell type measured the perturbation, no target control…). */
export function untransportable(query: TransportQuery, why: string): CausewayError {
  return new CausewayError(
    'E_INVALID_INPUT',
    `Cannot transport "${query.perturbation}" to "${query.cellType}": ${why}.`,
    { cellType: query.cellType, perturbation: query.perturbation },
  );
}

export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CausewayError('E_CANCELLED', 'The transport was cancelled.');
}

export function checkProfileSet(input: ProfileSet): void {
  const nG = input.genes.length;
  const n = input.cellTypes.length;
  if (input.conditions.length !== n) {
    throw new CausewayError('E_INVALID_INPUT', 'Every profile needs both a cell type and a condition label.');
  }
  if (nG === 0 || input.values.length !== n * nG) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The profile values (${input.values.length}) do not match ${n} profiles × ${nG} genes.`,
    );
  }
}

/** Assembles a method's output with its provenance (closed-form methods run on the CPU). */
export function transportOutput(
  method: TransportMethod,
  input: ProfileSet,
  profiles: TransportedProfile[],
  provider = 'cpu',
): TransportOutput {
  return {
    method: method.id,
    provider,
    genes: input.genes,
    profiles,
    provenance: {
      method: method.id,
      citation: method.citation,
      options: method.options,
      nProfilesSeen: input.cellTypes.length,
    },
  };
}
