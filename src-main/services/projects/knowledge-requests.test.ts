// network.readKnowledge: knowledge files and prior networks read as constraints on the interactive worker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../ipc/handlers.ts';
import { inMemoryBackend } from '../jobs/test-backend.ts';

const root = mkdtempSync(join(tmpdir(), 'causeway-knowledge-'));
const backend = inMemoryBackend(root);
const read = createHandlers(backend, { host: 'server' })['network.readKnowledge'];
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});
const file = (name: string, text: string): string => {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
};

describe('network.readKnowledge', () => {
  it('reads a Tetrad knowledge file in the worker, with counts', async () => {
    const path = file('prior.txt', '/knowledge\naddtemporal\n1 EGFR\n2 KRAS MYC\nrequiredirect\nEGFR KRAS\n');
    const r = await read({ file: { path } });
    expect(r.source).toBe('tetrad');
    expect(r.knowledge.requiredArcs).toEqual([['EGFR', 'KRAS']]);
    expect(r.counts).toMatchObject({ requiredArcs: 1, tiers: 2, tieredGenes: 3 });
    expect(backend.supervisor.spawnCount).toBe(1);
  });

  it('reads a directed edge list with a header and a direction column as required arcs', async () => {
    const path = file(
      'prior.tsv',
      'source\ttarget\tdirection\nEGFR\tKRAS\t->\nMYC\tTP53\t--\nBRAF\tKRAS\t<-\n',
    );
    const r = await read({ file: { path }, as: 'required' });
    expect(r).toMatchObject({ source: 'network', networkFormat: 'edge-list' });
    // The header is not an edge, the list stays directed, and "<-" points target → source.
    expect(r.knowledge.requiredArcs).toEqual([
      ['EGFR', 'KRAS'],
      ['KRAS', 'BRAF'],
    ]);
    expect(r.knowledge.requiredAdjacencies).toEqual([['MYC', 'TP53']]);
    const skeleton = await read({ file: { path }, as: 'allowed-skeleton' });
    expect(skeleton.counts).toMatchObject({ allowedAdjacencies: 3, requiredArcs: 0 });
  });

  it('reads a SIF network as forbidden constraints', async () => {
    const path = file('prior.sif', 'EGFR -> KRAS MYC\nMYC -- TP53\n');
    const r = await read({ file: { path }, as: 'forbidden' });
    expect(r.knowledge.forbiddenArcs).toEqual([
      ['EGFR', 'KRAS'],
      ['EGFR', 'MYC'],
    ]);
    expect(r.knowledge.forbiddenAdjacencies).toEqual([['MYC', 'TP53']]);
  });

  it('refuses a network without "as", and names the line of a bad knowledge file', async () => {
    const net = file('net.tsv', 'gene1\tgene2\nA\tB\n');
    await expect(read({ file: { path: net } })).rejects.toThrow(/is a network, not a knowledge file/);
    const bad = file('bad.txt', 'addtemporal\n1 A\nforbiddirect\nA\n');
    await expect(read({ file: { path: bad } })).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
      message: expect.stringMatching(/bad\.txt \(row 4\): a forbiddirect line names two genes/),
    });
    await expect(
      Promise.resolve().then(() => read({ file: { path: join(root, 'none.txt') } })),
    ).rejects.toThrow(/does not exist/);
  });

  it('reads an upload and removes it once read', async () => {
    const text = JSON.stringify({ forbiddenArcs: [['A', 'B']] });
    const { uploadId } = backend.uploads.begin('k.json', Buffer.byteLength(text));
    backend.uploads.chunk(uploadId, 0, Buffer.from(text).toString('base64'));
    backend.uploads.end(uploadId);
    const r = await read({ file: { uploadId } });
    expect(r).toMatchObject({ source: 'json', knowledge: { forbiddenArcs: [['A', 'B']] } });
    expect(() => backend.uploads.path(uploadId)).toThrow();
  });
});
