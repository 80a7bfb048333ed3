import type { FileRef } from '@shared/contracts/data-import.ts';
import type { ReadKnowledgeResult } from '@shared/contracts/network-versions.ts';
import type { NetworkAsKnowledge } from '@shared/domain/grn/knowledge-file.ts';
import type { Caller } from './caller.ts';
import { uploadInChunks, type FileLike } from './import-wizard-steps.ts';
import type { NetworkEditor } from './network-editor.svelte.ts';

/**
 * "Load constraints…" on the Network page (issue 13): a Tetrad or JSON knowledge file, or a prior
 * network (edge list, SIF, GraphML) read as required / forbidden pairs or as the allowed skeleton, is
 * read in a worker (network.readKnowledge), shown as counts, then applied as one undoable edit step,
 * so it is saved with the version and steers the next discovery.
 */
export class KnowledgeLoader {
  path = $state('');
  as = $state<NetworkAsKnowledge>('required');
  busy = $state(false);
  uploading = $state<{ fileName: string; fraction: number } | null>(null);
  result = $state.raw<ReadKnowledgeResult | null>(null);
  fileName = $state('');
  #file: FileRef | null = null;
  #generation = 0;

  constructor(
    private readonly caller: Caller,
    private readonly editor: NetworkEditor,
  ) {}

  async choosePath(path: string): Promise<void> {
    this.fileName = path.split(/[\\/]/).at(-1) ?? path;
    await this.read({ path });
  }

  async uploadFile(file: FileLike): Promise<void> {
    const generation = ++this.#generation;
    this.fileName = file.name;
    this.result = null;
    this.uploading = { fileName: file.name, fraction: 0 };
    const uploadId = await uploadInChunks(
      this.caller,
      file,
      () => generation === this.#generation,
      (fraction) => (this.uploading = { fileName: file.name, fraction }),
    );
    this.uploading = null;
    if (uploadId !== null) await this.read({ uploadId });
  }

  /** Read again with another `as` (a network file's meaning is the user's choice). */
  async reread(): Promise<void> {
    if (this.#file && 'path' in this.#file) await this.read(this.#file);
  }

  private async read(file: FileRef): Promise<void> {
    const generation = ++this.#generation;
    this.#file = file;
    this.busy = true;
    this.result = null;
    const r = await this.caller.call('network.readKnowledge', { file, as: this.as });
    if (generation !== this.#generation) return;
    this.busy = false;
    if (r.ok) this.result = r.value;
  }

  /** Applies what was read as one edit step; false (the editor's error says why) if it cannot be. */
  apply(): boolean {
    if (!this.result) return false;
    const what = this.result.source === 'network' ? `network as ${this.as}` : 'knowledge';
    return this.editor.loadKnowledge(this.result.knowledge, `load ${what} from ${this.fileName}`);
  }
}
