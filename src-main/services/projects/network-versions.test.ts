import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteGenes, orient, removeRegulation, type EditOp } from '#shared/domain/grn/edits.ts';
import { materialiseVersion } from '#shared/domain/grn/versions.ts';
import { ProjectService } from './project-service.ts';
import {
  baseNetwork,
  getNetworkVersion,
  listNetworkVersions,
  saveNetworkVersion,
} from './network-versions.ts';

const demoDir = join(import.meta.dirname, '../../../resources/demo');
let root: string;
let projects: ProjectService;
const base = { kind: 'network', networkId: 'ppi_252' } as const;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'causeway-versions-'));
  projects = new ProjectService({ dataDir: join(root, 'data'), demoDir, appVersion: 'test' });
  projects.openDemo();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('network versions', () => {
  it('saves edits as a version that reopens to the same network, and keeps the base untouched', () => {
    const net = baseNetwork(projects, base);
    const [first, second] = [...net.regulations.keys()];
    const ops: EditOp[] = [removeRegulation(net, first!)];
    const r = net.regulations.get(second!)!;
    ops.push(orient(net, second!, { source: r.target, target: r.source }));
    ops.push(...deleteGenes(materialiseVersion(net, { ops }), [[...net.genes.keys()].at(-1)!]));
    const saved = saveNetworkVersion(projects, { name: 'curated', base, ops });
    expect(saved.nOps).toBe(ops.length);

    const dir = projects.summary()!.dir;
    const reopened = new ProjectService({ dataDir: join(root, 'other'), demoDir, appVersion: 'test' });
    reopened.open(dir);
    expect(listNetworkVersions(reopened).map((v) => v.name)).toEqual(['curated']);
    const version = getNetworkVersion(reopened, saved.id);
    const edited = materialiseVersion(baseNetwork(reopened, base), version);
    expect(edited.regulations.has(first!)).toBe(false);
    expect(edited.genes.size).toBe(net.genes.size - 1);
    // The learned/imported network itself is never overwritten.
    expect(baseNetwork(reopened, base).regulations.size).toBe(net.regulations.size);
  });

  it('refuses edits that do not replay on the base, and saves nothing', () => {
    const net = baseNetwork(projects, base);
    const id = [...net.regulations.keys()][0]!;
    const op = removeRegulation(net, id);
    expect(() => saveNetworkVersion(projects, { name: 'bad', base, ops: [op, op] })).toThrow(
      /do not fit this network/,
    );
    expect(listNetworkVersions(projects)).toEqual([]);
  });

  it('reports a damaged version file as a corrupt project, not a crash', () => {
    const saved = saveNetworkVersion(projects, { name: 'empty', base, ops: [] });
    writeFileSync(join(projects.summary()!.dir, 'networks/versions', `${saved.id}.json`), '{"ops": 3}');
    expect(() => getNetworkVersion(projects, saved.id)).toThrow(/damaged/);
  });
});
