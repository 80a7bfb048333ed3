import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods } from '#shared/contracts/api.ts';
import { inMemoryBackend } from '../test-backend.ts';
import {
  deleteClusterProfile,
  loadClusterProfile,
  readClusterProfiles,
  saveClusterProfile,
} from './cluster-profile.ts';
import { ClusterService } from './cluster-service.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-profiles-'));
  file = join(dir, 'nested', 'cluster.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cluster profiles: one file for app and CLI', () => {
  it('saves, reads back as the CLI does, renames and deletes', () => {
    expect(readClusterProfiles(file)).toEqual({});
    saveClusterProfile(
      'short',
      {
        partition: 'short',
        account: 'lab42',
        time: '01:00:00',
        memory: '4G',
        cpusPerTask: 2,
        sbatchOptions: ['--qos=normal'],
        prefix: ['module load nodejs/20'],
        command: 'npx causeway',
        runsPerChunk: 1,
        chunksPerTask: 3,
        attempts: 2,
        workDir: '/scratch/me/causeway',
      },
      undefined,
      file,
    );
    saveClusterProfile('bigmem', { memory: '64G' }, undefined, file);
    // The CLI's reader sees exactly what the app wrote, defaults applied.
    const short = loadClusterProfile('short', file);
    expect(short).toMatchObject({ partition: 'short', cpusPerTask: 2, runsPerChunk: 1, chunksPerTask: 3 });
    expect(loadClusterProfile('bigmem', file)).toMatchObject({ memory: '64G', cpusPerTask: 1, attempts: 3 });
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles.short.prefix).toEqual(['module load nodejs/20']);

    saveClusterProfile('fast', { ...short, time: '00:10:00' }, 'short', file);
    expect(Object.keys(readClusterProfiles(file)).sort()).toEqual(['bigmem', 'fast']);
    expect(loadClusterProfile('fast', file).time).toBe('00:10:00');
    expect(() => saveClusterProfile('bigmem', {}, 'fast', file)).toThrow(/exists already/);

    deleteClusterProfile('bigmem', file);
    expect(Object.keys(readClusterProfiles(file))).toEqual(['fast']);
    expect(() => deleteClusterProfile('bigmem', file)).toThrow(/No cluster profile "bigmem"/);
  });

  it('refuses invalid profiles and names, naming the field and the bound, and leaves the file alone', () => {
    saveClusterProfile('ok', { cpusPerTask: 4 }, undefined, file);
    const before = readFileSync(file, 'utf8');
    expect(() => saveClusterProfile('ok', { cpusPerTask: 0 }, undefined, file)).toThrow(
      /profile "ok": cpusPerTask: .*(greater than or equal to 1|>=1)/,
    );
    expect(() => saveClusterProfile('ok', { sbatchOptions: ['qos=short'] }, undefined, file)).toThrow(
      /sbatchOptions\.0: an sbatch option starts with - or --/,
    );
    expect(() => saveClusterProfile('a b', {}, undefined, file)).toThrow(/letters, digits/);
    expect(() => saveClusterProfile('ok', { attempts: 11 }, undefined, file)).toThrow(/attempts/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses to overwrite a damaged (hand-edited) file, and says where it is wrong', () => {
    writeFileSync(join(dir, 'bad.json'), '{ "profiles": { "x": { "cpusPerTask": "two" } } }');
    const bad = join(dir, 'bad.json');
    expect(() => readClusterProfiles(bad)).toThrow(/profiles\.x\.cpusPerTask/);
    expect(() => saveClusterProfile('y', {}, undefined, bad)).toThrow(/profiles\.x\.cpusPerTask/);
    writeFileSync(bad, '{ not json');
    expect(() => loadClusterProfile('x', bad)).toThrow(/not valid JSON/);
  });

  it('goes through the API contract and the service as the UI calls it', async () => {
    const input = methods['cluster.saveProfile'].input.parse({
      name: 'gpu',
      profile: { partition: 'gpu', cpusPerTask: 8 },
    });
    const root = mkdtempSync(join(dir, 'backend-'));
    const backend = inMemoryBackend(root);
    try {
      const service = new ClusterService(
        backend.projects,
        () => ({ provider: 'auto' }),
        () => file,
        () => Promise.resolve(false),
      );
      const state = await service.save(input.name, input.profile);
      expect(methods['cluster.profiles'].output.parse(state)).toMatchObject({
        file,
        sbatch: false,
        error: null,
        profiles: { gpu: { partition: 'gpu', cpusPerTask: 8 } },
      });
      writeFileSync(file, '[]');
      expect((await service.state()).error).toMatch(/profiles/);
      expect(() =>
        methods['cluster.saveProfile'].input.parse({ name: 'x', profile: { cpusPerTask: -1 } }),
      ).toThrow();
      // No sbatch here: the executor is refused with a sentence, never a silent local run.
      writeFileSync(file, JSON.stringify({ profiles: { gpu: {} } }));
      await expect(
        service.executor('gpu', {
          kind: 'network.discover',
          datasetId: 'x',
          genes: { mode: 'topVariable', n: 10 },
          algorithm: 'gsp',
          alpha: 0.01,
          seed: 1,
        } as never),
      ).rejects.toThrow(/sbatch is not reachable/);
    } finally {
      backend.dispose();
    }
  });
});
