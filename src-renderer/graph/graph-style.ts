import type { StylesheetJson } from 'cytoscape';
import type { DetailLevel } from './elements.ts';

/** Colours the graph takes from the app theme (Cytoscape draws on a canvas and cannot read CSS). */
export interface GraphTheme {
  text: string;
  textOutline: string;
  node: string;
  nodeBorder: string;
  edge: string;
  highlight: string;
  onlyA: string;
  onlyB: string;
  /** In a comparison: the same adjacency with opposite arcs, or oriented in only one run. */
  reversed: string;
  orientation: string;
  /** In a version diff: the same arc, another stability. */
  reweighted: string;
}

/** Width and opacity follow stability (data `s` in [0, 1]); comparisons colour edges by run. */
export function stylesheet(t: GraphTheme, lod: DetailLevel): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': t.node,
        'border-color': t.nodeBorder,
        'border-width': 1,
        width: 18,
        height: 18,
        label: 'data(label)',
        'font-size': 10,
        color: t.text,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-outline-color': t.textOutline,
        'text-outline-width': 2,
        'min-zoomed-font-size': lod.minZoomedFontSize,
      },
    },
    { selector: 'node[colour]', style: { 'background-color': 'data(colour)' } },
    {
      selector: 'edge',
      // mapData strings are valid Cytoscape values its typings do not model.
      style: {
        width: 'mapData(s, 0, 1, 0.6, 4)' as unknown as number,
        opacity: 'mapData(s, 0, 1, 0.2, 0.95)' as unknown as number,
        'line-color': t.edge,
        'curve-style': lod.haystack ? 'haystack' : 'straight',
      },
    },
    {
      selector: lod.haystack ? 'edge.directed.match' : 'edge.directed',
      style: {
        'curve-style': 'straight',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': t.edge,
        'arrow-scale': 0.9,
      },
    },
    // Read as a diff A → B: only in A is removed (dashed), only in B is added (solid).
    {
      selector: 'edge.in-a',
      style: { 'line-color': t.onlyA, 'target-arrow-color': t.onlyA, 'line-style': 'dashed' },
    },
    { selector: 'edge.in-b', style: { 'line-color': t.onlyB, 'target-arrow-color': t.onlyB } },
    {
      // Drawn with A's arc; the second head, at the source end, is B's opposite arc.
      selector: 'edge.in-reversed',
      style: {
        'line-color': t.reversed,
        'target-arrow-color': t.reversed,
        'source-arrow-color': t.reversed,
        'source-arrow-shape': 'triangle',
        'curve-style': 'straight',
      },
    },
    {
      selector: 'edge.in-reweighted',
      style: { 'line-color': t.reweighted, 'target-arrow-color': t.reweighted },
    },
    {
      selector: 'edge.in-orientation',
      style: { 'line-color': t.orientation, 'target-arrow-color': t.orientation, 'line-style': 'dotted' },
    },
    {
      // Background knowledge for the next discovery run, drawn on the edge it constrains.
      selector: 'edge[constraint]',
      style: {
        label: 'data(constraint)',
        'font-size': 8,
        color: t.text,
        'text-outline-color': t.textOutline,
        'text-outline-width': 2,
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': lod.minZoomedFontSize,
        width: 3,
        opacity: 1,
      },
    },
    { selector: 'edge.forbidden', style: { 'line-style': 'dashed', 'line-dash-pattern': [2, 4] } },
    { selector: '.below', style: { display: 'none' } },
    { selector: 'node.isolated', style: { display: 'none' } },
    { selector: '.faded', style: { opacity: 0.08, 'text-opacity': 0 } },
    {
      selector: 'node.match',
      style: {
        'border-color': t.highlight,
        'border-width': 4,
        width: 26,
        height: 26,
        'font-size': 14,
        'font-weight': 'bold',
        'z-index': 10,
        'min-zoomed-font-size': 0,
      },
    },
    {
      selector: 'edge.match',
      style: { 'line-color': t.highlight, 'target-arrow-color': t.highlight, opacity: 1 },
    },
    {
      selector: 'edge:selected',
      style: {
        'line-color': t.highlight,
        'target-arrow-color': t.highlight,
        opacity: 1,
        width: 5,
        'z-index': 20,
      },
    },
    { selector: 'node:selected', style: { 'border-color': t.highlight, 'border-width': 4 } },
  ];
}
