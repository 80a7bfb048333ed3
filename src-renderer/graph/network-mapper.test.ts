import { describe, expect, it } from 'vitest';
import { MISSING_COLOUR, divergingColour, robustMaxAbs } from './colour.ts';
import { layoutFor, FORCE_LAYOUT_MAX_NODES } from './graph-view.ts';
import {
  colourScale,
  defaultColourAttribute,
  findGene,
  nodeColour,
  numericNodeAttributes,
} from './network-mapper.ts';

const genes = new Map<string, Record<string, unknown>>([
  ['TP53', { log2FC: -2, degree: 3, note: 'tumour suppressor' }],
  ['MDM2', { log2FC: 1, degree: 1 }],
  ['CDKN1A', { log2FC: null, degree: 1 }],
]);

describe('numeric attributes', () => {
  it('lists numeric node attributes, fold change first', () => {
    expect(numericNodeAttributes(genes)).toEqual(['log2FC', 'degree']);
    expect(defaultColourAttribute(['log2FC', 'degree'])).toBe('log2FC');
    expect(defaultColourAttribute(['degree'])).toBeNull();
    expect(defaultColourAttribute([])).toBeNull();
  });

  it('recognises common spellings of fold change', () => {
    for (const name of ['logFC', 'log2_fold_change', 'log2FoldChange', 'fc']) {
      expect(defaultColourAttribute([name])).toBe(name);
    }
  });
});

describe('colour scale', () => {
  it('is blue below zero, neutral at zero, red above, grey when missing', () => {
    expect(divergingColour(-1, 1)).toBe('#2166ac');
    expect(divergingColour(0, 1)).toBe('#f7f7f7');
    expect(divergingColour(1, 1)).toBe('#b2182b');
    expect(divergingColour(5, 1)).toBe('#b2182b');
    expect(divergingColour(null, 1)).toBe(MISSING_COLOUR);
    expect(divergingColour(Number.NaN, 1)).toBe(MISSING_COLOUR);
  });

  it('saturates at a robust maximum, not the single most extreme value', () => {
    const values = [...Array.from({ length: 99 }, (_, i) => (i % 2 ? 1 : -1)), 100];
    expect(robustMaxAbs(values)).toBe(1);
    expect(robustMaxAbs([])).toBe(0);
  });
});

describe('node colours', () => {
  it('colours genes on the fold-change scale, grey when the value is missing, not at all without a scale', () => {
    const scale = colourScale(genes, 'log2FC');
    expect(nodeColour(genes.get('TP53')!, scale)).toBe('#2166ac');
    expect(nodeColour(genes.get('CDKN1A')!, scale)).toBe(MISSING_COLOUR);
    expect(nodeColour(genes.get('TP53')!, null)).toBeNull();
  });
});

describe('findGene', () => {
  const ids = ['TP53', 'TP53BP1', 'ATP5F1A', 'MDM2'];
  it('prefers an exact match, then a prefix, then a substring', () => {
    expect(findGene(ids, 'tp53')).toBe('TP53');
    expect(findGene(ids, 'TP53B')).toBe('TP53BP1');
    expect(findGene(ids, 'p5f')).toBe('ATP5F1A');
    expect(findGene(ids, 'xyz')).toBeNull();
    expect(findGene(ids, '  ')).toBeNull();
  });
});

describe('layoutFor', () => {
  it('uses fcose for modest networks, a concentric layout for huge ones, dagre for hierarchies', () => {
    expect(layoutFor(50).name).toBe('fcose');
    expect(layoutFor(2_000).name).toBe('fcose');
    expect(layoutFor(50, 'hierarchical').name).toBe('dagre');
    expect(layoutFor(FORCE_LAYOUT_MAX_NODES + 1).name).toBe('concentric');
  });
});
