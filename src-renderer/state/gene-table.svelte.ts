import type { DatasetSummaryResult } from '@shared/domain/summary.ts';

export type GeneSortKey = 'gene' | 'mean' | 'variance' | 'missing';
export type SortDir = 'asc' | 'desc';

export interface GeneRow {
  index: number;
  gene: string;
  mean: number | null;
  variance: number | null;
  missing: number;
}

const GENE_PAGE_SIZE = 100;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The per-gene table of a summary: filter, sort, page. Works on an index permutation so the
 * 17,785-gene arrays are never copied; sorting them takes a few milliseconds.
 */
export class GeneTableState {
  data = $state.raw<DatasetSummaryResult | null>(null);
  filter = $state('');
  sortKey = $state<GeneSortKey>('gene');
  sortDir = $state<SortDir>('asc');
  page = $state(0);
  readonly pageSize: number = GENE_PAGE_SIZE;

  #lowerGenes: string[] = [];

  /** Row indices after filter and sort. */
  order = $derived.by(() => this.#computeOrder(this.data, this.filter, this.sortKey, this.sortDir));
  total = $derived(this.data?.genes.length ?? 0);
  matched = $derived(this.order.length);
  pageCount = $derived(Math.max(1, Math.ceil(this.order.length / this.pageSize)));
  /** The page in range even when the filter just shrank the list. */
  currentPage = $derived(Math.min(this.page, this.pageCount - 1));
  rows = $derived.by(() => {
    const d = this.data;
    if (!d) return [];
    const start = this.currentPage * this.pageSize;
    return this.order.slice(start, start + this.pageSize).map((i) => rowAt(d, i));
  });

  constructor(data: DatasetSummaryResult | null = null, pageSize = GENE_PAGE_SIZE) {
    this.pageSize = pageSize;
    this.setData(data);
  }

  setData(data: DatasetSummaryResult | null): void {
    this.#lowerGenes = data ? data.genes.map((g) => g.toLowerCase()) : [];
    this.data = data;
    this.page = 0;
  }

  setFilter(text: string): void {
    this.filter = text;
    this.page = 0;
  }

  /** Clicking the sorted column flips its direction; another column sorts ascending (genes) or descending (numbers). */
  sortBy(key: GeneSortKey): void {
    if (this.sortKey === key) {
      this.sortDir = this.sortDir === 'asc' ? 'desc' : 'asc';
    } else {
      this.sortKey = key;
      this.sortDir = key === 'gene' ? 'asc' : 'desc';
    }
    this.page = 0;
  }

  goTo(page: number): void {
    this.page = Math.max(0, Math.min(this.pageCount - 1, Math.floor(page)));
  }

  next(): void {
    this.goTo(this.currentPage + 1);
  }

  prev(): void {
    this.goTo(this.currentPage - 1);
  }

  #computeOrder(data: DatasetSummaryResult | null, filter: string, key: GeneSortKey, dir: SortDir): number[] {
    if (!data) return [];
    const needle = filter.trim().toLowerCase();
    const lower = this.#lowerGenes;
    const idx: number[] = [];
    for (let i = 0; i < data.genes.length; i++) {
      if (needle === '' || (lower[i] ?? '').includes(needle)) idx.push(i);
    }
    const sign = dir === 'asc' ? 1 : -1;
    if (key === 'gene') {
      const genes = data.genes;
      idx.sort((a, b) => sign * collator.compare(genes[a] ?? '', genes[b] ?? '') || a - b);
      return idx;
    }
    const values = key === 'mean' ? data.mean : key === 'variance' ? data.variance : data.missingFraction;
    idx.sort((a, b) => {
      const va = values[a];
      const vb = values[b];
      const na = va === null || va === undefined || Number.isNaN(va);
      const nb = vb === null || vb === undefined || Number.isNaN(vb);
      // Genes without a value always go last, whichever the direction.
      if (na || nb) return na === nb ? a - b : na ? 1 : -1;
      return sign * ((va as number) - (vb as number)) || a - b;
    });
    return idx;
  }
}

function rowAt(d: DatasetSummaryResult, i: number): GeneRow {
  return {
    index: i,
    gene: d.genes[i] ?? '',
    mean: d.mean[i] ?? null,
    variance: d.variance[i] ?? null,
    missing: d.missingFraction[i] ?? 0,
  };
}
