// AnnData obs/var tables in every on-disk layout we meet: a dataframe group (anndata ≥ 0.7) whose
// categorical columns are either a group of codes + categories (≥ 0.8) or an integer codes dataset
// pointing at its labels (0.7: an object-reference attribute "categories" to obs/__categories/<col>;
// some older writers: uns/<col>_categories by name), and the legacy (< 0.7) compound dataset.
import {
  attr,
  isDataset,
  isGroup,
  readStrings,
  readValue,
  safeGet,
  type H5Dataset,
  type H5File,
  type H5Group,
} from './hdf5.ts';
import { invalid, type MetaColumn, type MetaTable } from './types.ts';

export function num(x: unknown): number {
  return typeof x === 'bigint' ? Number(x) : Number(x);
}

export function flatValues(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flat(3);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>);
  return [v];
}

/** Category labels: text stays text, numeric categories (e.g. batch 1, 2) stay numbers. */
function labelsOf(ds: H5Dataset, file: string, path: string): (string | number)[] {
  const v = flatValues(readValue(ds, file, path));
  if (v.every((x) => typeof x === 'number' || typeof x === 'bigint')) return v.map(num);
  return readStrings(ds, file, path);
}

function decode(codes: readonly unknown[], labels: readonly (string | number)[]): MetaColumn {
  return codes.map((c) => {
    const k = num(c);
    return k < 0 ? null : (labels[k] ?? null);
  });
}

const isIntegerType = (ds: H5Dataset): boolean =>
  typeof ds.dtype === 'string' && /^[<>|=]?[bBhHiIlLqQ]$/.test(ds.dtype);

/**
 * The labels of a codes dataset in the 0.7 layouts, or null for an ordinary column. h5wasm exposes an
 * object-reference attribute as Reference objects and resolves them with dereference(), so the reference
 * is followed as written; a file whose reference cannot be resolved falls back to the dataset that 0.7
 * always writes it to, obs/__categories/<col>, by name.
 */
function legacyLabels(
  f: H5File,
  table: H5Group,
  file: string,
  tableName: string,
  key: string,
  ds: H5Dataset,
): (string | number)[] | null {
  if (!isIntegerType(ds)) return null;
  const ref = flatValues(attr(ds, 'categories'))[0];
  if (ref !== undefined && ref !== null && typeof ref === 'object' && 'ref_data' in ref) {
    let target: unknown = null;
    try {
      target = f.dereference(ref as Parameters<H5File['dereference']>[0]);
    } catch {
      target = null; // unresolvable reference: try the conventional path below
    }
    if (isDataset(target)) return labelsOf(target, file, target.path);
  }
  const byName = table.get(`__categories/${key}`);
  if (isDataset(byName)) return labelsOf(byName, file, `${tableName}/__categories/${key}`);
  const inUns = safeGet(f, file, `uns/${key}_categories`);
  if (isDataset(inUns)) return labelsOf(inUns, file, `uns/${key}_categories`);
  return null;
}

/** Column names in the writer's order (attribute column-order), then any others the group holds. */
function columnOrder(g: H5Group, skip: Set<string>): string[] {
  const keys = g.keys().filter((k) => !skip.has(k));
  const order = flatValues(attr(g, 'column-order') ?? []).map(String);
  return [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
}

/** A dataframe group (≥ 0.7) or compound dataset (legacy layout) → index + columns. */
export function readFrame(
  f: H5File,
  file: string,
  name: 'obs' | 'var',
): { index: string[]; columns: MetaTable } {
  const o = safeGet(f, file, name);
  const columns: MetaTable = {};
  if (isDataset(o)) {
    // Legacy (anndata < 0.7): one compound dataset, index first; categories in uns/<col>_categories.
    const rows = readValue(o, file, name);
    const dtype = o.dtype as unknown;
    if (!Array.isArray(rows) || !Array.isArray(dtype) || !rows.every(Array.isArray)) {
      throw invalid(
        file,
        `"${name}" is a dataset but not the legacy AnnData compound table (one record per row); re-save the file with a current anndata (adata.write_h5ad).`,
      );
    }
    const names = (dtype as [string, unknown][]).map((d) => d[0]);
    const index: string[] = (rows as unknown[][]).map((r) => String(r[0]));
    names.slice(1).forEach((n, k) => {
      const col = (rows as unknown[][]).map((r) => r[k + 1]);
      const cats = safeGet(f, file, `uns/${n}_categories`);
      if (isDataset(cats)) columns[n] = decode(col, labelsOf(cats, file, `uns/${n}_categories`));
      else columns[n] = col.map((c) => (typeof c === 'string' ? c : num(c)));
    });
    return { index, columns };
  }
  if (!isGroup(o)) throw invalid(file, `has no "${name}" table.`);
  const indexName = String(attr(o, '_index') ?? '_index');
  const idx = o.get(indexName);
  if (!isDataset(idx)) throw invalid(file, `"${name}" has no index column "${indexName}".`);
  const index = readStrings(idx, file, `${name}/${indexName}`);
  for (const key of columnOrder(o, new Set([indexName, '__categories']))) {
    const path = `${name}/${key}`;
    const c = o.get(key);
    if (isGroup(c) && c.get('codes') && c.get('categories')) {
      const codes = flatValues(readValue(c.get('codes') as H5Dataset, file, `${path}/codes`));
      columns[key] = decode(codes, labelsOf(c.get('categories') as H5Dataset, file, `${path}/categories`));
    } else if (isDataset(c)) {
      const labels = legacyLabels(f, o, file, name, key, c);
      if (labels) {
        columns[key] = decode(flatValues(readValue(c, file, path)), labels);
        continue;
      }
      const v = readValue(c, file, path);
      const isText =
        (typeof c.dtype === 'string' && /^S|^U|^A/.test(c.dtype)) ||
        (Array.isArray(v) && typeof v[0] === 'string');
      columns[key] = isText ? readStrings(c, file, path) : (flatValues(v).map(num) as MetaColumn);
    }
  }
  return { index, columns };
}
