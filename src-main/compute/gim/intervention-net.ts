/**
 * The intervention model of a GIM (docs/methods.md §7.2; Schneider et al., ICML 2025): a one-hidden-layer
 * network φ → tanh(W₁φ + b₁) → W₂h + b₂ whose 2p outputs are, per gene j, the targeting logit ℓⱼ(φ)
 * (π = σ(ℓ)) and the shift δⱼ(φ) applied when the gene is hit. A network this small is trained with
 * analytic gradients in float64 (train-gim.ts) rather than through the ONNX trainer: the whole model is a
 * few thousand numbers and the SCM's gradients have to be written by hand anyway.
 *
 * Parameters live in one flat vector (the trainer's Adam runs over it) at offsets given by `NetLayout`:
 * W₁ (hidden × inputs, row-major), b₁ (hidden), W₂ (2p × hidden), b₂ (2p); rows 0…p−1 of W₂ are logits,
 * rows p…2p−1 shifts.
 */
import type { SeededRng } from '../numeric/rng.ts';

export interface NetLayout {
  readonly inputs: number;
  readonly hidden: number;
  /** Genes: the network has 2·genes outputs. */
  readonly genes: number;
  /** Offset of W₁ in the flat parameter vector; the other blocks follow in order. */
  readonly offset: number;
  readonly size: number;
}

export function netLayout(inputs: number, hidden: number, genes: number, offset = 0): NetLayout {
  const size = hidden * inputs + hidden + 2 * genes * hidden + 2 * genes;
  return { inputs, hidden, genes, offset, size };
}

/** Offsets of the four blocks. */
function blocks(l: NetLayout): { w1: number; b1: number; w2: number; b2: number } {
  const w1 = l.offset;
  const b1 = w1 + l.hidden * l.inputs;
  const w2 = b1 + l.hidden;
  const b2 = w2 + 2 * l.genes * l.hidden;
  return { w1, b1, w2, b2 };
}

/**
 * Seeded initialisation: W₁ ~ N(0, 1/inputs) (unit-variance pre-activations for standardised features),
 * W₂ ~ N(0, 0.01/hidden) so that the first epochs start near "every gene targeted with probability
 * σ(logitBias), no shift", biases zero except the logits' bias.
 */
export function initNet(theta: Float64Array, l: NetLayout, rng: SeededRng, logitBias: number): void {
  const o = blocks(l);
  const s1 = 1 / Math.sqrt(Math.max(1, l.inputs));
  for (let k = 0; k < l.hidden * l.inputs; k++) theta[o.w1 + k] = s1 * rng.normal();
  for (let k = 0; k < l.hidden; k++) theta[o.b1 + k] = 0;
  const s2 = 0.1 / Math.sqrt(Math.max(1, l.hidden));
  for (let k = 0; k < 2 * l.genes * l.hidden; k++) theta[o.w2 + k] = s2 * rng.normal();
  for (let j = 0; j < l.genes; j++) {
    theta[o.b2 + j] = logitBias;
    theta[o.b2 + l.genes + j] = 0;
  }
}

/** Forward pass for one feature vector: hidden activations (kept for the backward pass) and the outputs. */
export interface NetPass {
  readonly hidden: Float64Array;
  /** ℓ (0…p−1) then δ (p…2p−1). */
  readonly out: Float64Array;
}

export function netForward(theta: Float64Array, l: NetLayout, phi: Float64Array): NetPass {
  const o = blocks(l);
  const { inputs, hidden: hn, genes } = l;
  const hidden = new Float64Array(hn);
  for (let h = 0; h < hn; h++) {
    let s = theta[o.b1 + h]!;
    const row = o.w1 + h * inputs;
    for (let d = 0; d < inputs; d++) s += theta[row + d]! * phi[d]!;
    hidden[h] = Math.tanh(s);
  }
  const out = new Float64Array(2 * genes);
  for (let r = 0; r < 2 * genes; r++) {
    let s = theta[o.b2 + r]!;
    const row = o.w2 + r * hn;
    for (let h = 0; h < hn; h++) s += theta[row + h]! * hidden[h]!;
    out[r] = s;
  }
  return { hidden, out };
}

/** Adds the gradient of a scalar with respect to the parameters, given its gradient `gOut` wrt the outputs. */
export function netBackward(
  theta: Float64Array,
  l: NetLayout,
  phi: Float64Array,
  pass: NetPass,
  gOut: Float64Array,
  grad: Float64Array,
): void {
  const o = blocks(l);
  const { inputs, hidden: hn, genes } = l;
  const gHidden = new Float64Array(hn);
  for (let r = 0; r < 2 * genes; r++) {
    const g = gOut[r]!;
    if (g === 0) continue;
    grad[o.b2 + r] = grad[o.b2 + r]! + g;
    const row = o.w2 + r * hn;
    for (let h = 0; h < hn; h++) {
      grad[row + h] = grad[row + h]! + g * pass.hidden[h]!;
      gHidden[h] = gHidden[h]! + g * theta[row + h]!;
    }
  }
  for (let h = 0; h < hn; h++) {
    const a = pass.hidden[h]!;
    const g = gHidden[h]! * (1 - a * a);
    if (g === 0) continue;
    grad[o.b1 + h] = grad[o.b1 + h]! + g;
    const row = o.w1 + h * inputs;
    for (let d = 0; d < inputs; d++) grad[row + d] = grad[row + d]! + g * phi[d]!;
  }
}

/** ½‖W₁‖² + ½‖W₂‖² (biases unpenalised) and its gradient scaled by `scale`, added into `grad`. */
export function netWeightPenalty(
  theta: Float64Array,
  l: NetLayout,
  scale: number,
  grad?: Float64Array,
): number {
  const o = blocks(l);
  let s = 0;
  const add = (start: number, count: number): void => {
    for (let k = start; k < start + count; k++) {
      const w = theta[k]!;
      s += 0.5 * w * w;
      if (grad) grad[k] = grad[k]! + scale * w;
    }
  };
  add(o.w1, l.hidden * l.inputs);
  add(o.w2, 2 * l.genes * l.hidden);
  return scale * s;
}

/** The network's weights as plain arrays (for the model file) and back. */
export interface NetWeights {
  readonly inputs: number;
  readonly hidden: number;
  readonly w1: number[];
  readonly b1: number[];
  readonly w2: number[];
  readonly b2: number[];
}

export function netToWeights(theta: Float64Array, l: NetLayout): NetWeights {
  const o = blocks(l);
  const take = (start: number, count: number): number[] => Array.from(theta.subarray(start, start + count));
  return {
    inputs: l.inputs,
    hidden: l.hidden,
    w1: take(o.w1, l.hidden * l.inputs),
    b1: take(o.b1, l.hidden),
    w2: take(o.w2, 2 * l.genes * l.hidden),
    b2: take(o.b2, 2 * l.genes),
  };
}

/** A flat parameter vector (offset 0) holding the saved weights, with its layout. */
export function netFromWeights(w: NetWeights, genes: number): { theta: Float64Array; layout: NetLayout } {
  const layout = netLayout(w.inputs, w.hidden, genes);
  const o = blocks(layout);
  const theta = new Float64Array(layout.size);
  theta.set(w.w1, o.w1);
  theta.set(w.b1, o.b1);
  theta.set(w.w2, o.w2);
  theta.set(w.b2, o.b2);
  return { theta, layout };
}
