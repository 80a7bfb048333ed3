import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './server-fixture.ts';

interface NetworkFile {
  nodes: { id: string }[];
  edges: { source: string; target: string }[];
}

// The demo's PPI network (undirected): pick genes and edges the edge list shows (it lists the first
// 200 edges by id, and every PPI edge has the same weight).
const ppi = JSON.parse(readFileSync('resources/demo/networks/ppi_252.json', 'utf8')) as NetworkFile;
const undirectedId = (a: string, b: string) => (a < b ? `${a}—${b}` : `${b}—${a}`);
// The network holds each adjacency once, and no self-loop (the file has a few).
const adjacent = new Set(
  ppi.edges.filter((e) => e.source !== e.target).map((e) => undirectedId(e.source, e.target)),
);
const ids = [...adjacent].sort((a, b) => a.localeCompare(b));
const nEdges = adjacent.size;
const genes = ppi.nodes.map((n) => n.id).sort((a, b) => a.localeCompare(b));
const g1 = genes[0]!;
const g2 = genes.find((g) => g !== g1 && !adjacent.has(undirectedId(g1, g)))!;
const [forbid, orientThis, deleteThis] = ids.filter((id) => !id.includes(g1) && !id.includes(g2));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** How the edge list writes a regulation: an undirected one in the file's order, which may be either. */
const show = (id: string) => {
  if (id.includes('→')) return escape(id.replace('→', ' → '));
  const [a, b] = id.split('—').map(escape);
  return `(${a} — ${b}|${b} — ${a})`;
};

test('edit the demo network: add, delete, reverse, undo/redo, versions and a re-run that honours my constraints', async ({
  app,
  server,
}) => {
  await app.getByTestId('open-demo').click();
  await app.getByTestId('nav-network').click();
  await app.locator('[data-testid="network-source"][data-source="network:ppi_252"]').click();
  const canvas = app.getByTestId('network-canvas');
  await expect(canvas).toHaveAttribute('data-ready', 'true');
  const viewport = async () =>
    Promise.all(['data-pan-x', 'data-pan-y', 'data-zoom'].map((a) => canvas.getAttribute(a)));
  const before = await viewport();
  expect(before.every((v) => v !== null)).toBe(true);
  const size = app.getByTestId('editor-size');
  await expect(size).toHaveText(`252 genes · ${nEdges} regulations`);
  const rows = app.getByTestId('edge-row');
  // A row is the arc, then the ✎ mark when the user made it and its stability when it has one.
  const row = (id: string) => rows.filter({ hasText: new RegExp(`^\\s*${show(id)}\\s*(✎\\s*)?$`) });

  // Add a gene and two regulations.
  await app.getByTestId('add-gene-name').fill('AAA_NOVEL');
  await app.getByTestId('add-gene').click();
  await expect(size).toHaveText(`253 genes · ${nEdges} regulations`);
  await app.getByTestId('add-edge-source').fill('AAA_NOVEL');
  await app.getByTestId('add-edge-target').fill(g1);
  await app.getByTestId('add-edge').click();
  await app.getByTestId('add-edge-source').fill(g1);
  await app.getByTestId('add-edge-target').fill(g2);
  await app.getByTestId('add-edge').click();
  await expect(size).toHaveText(`253 genes · ${nEdges + 2} regulations`);
  await expect(row(`AAA_NOVEL→${g1}`)).toHaveCount(1);
  // An edge that exists is refused with a clear message.
  await app.getByTestId('add-edge').click();
  await expect(app.getByTestId('edit-error')).toContainText(`already connects ${g1} and ${g2}`);

  // Reverse with R, delete with Delete.
  await row(`${g1}→${g2}`).click();
  await app.keyboard.press('r');
  await expect(row(`${g2}→${g1}`)).toHaveCount(1);
  await expect(row(`${g1}→${g2}`)).toHaveCount(0);
  await row(`AAA_NOVEL→${g1}`).click();
  await app.keyboard.press('Delete');
  await expect(row(`AAA_NOVEL→${g1}`)).toHaveCount(0);
  await expect(size).toHaveText(`253 genes · ${nEdges + 1} regulations`);

  // Undo and redo, step by step.
  await app.keyboard.press('Control+z');
  await expect(row(`AAA_NOVEL→${g1}`)).toHaveCount(1);
  await app.keyboard.press('Control+z');
  await expect(row(`${g1}→${g2}`)).toHaveCount(1);
  await expect(row(`${g2}→${g1}`)).toHaveCount(0);
  await app.keyboard.press('Control+Shift+z');
  await expect(row(`${g2}→${g1}`)).toHaveCount(1);
  await app.keyboard.press('Control+Shift+z');
  await expect(row(`AAA_NOVEL→${g1}`)).toHaveCount(0);

  // Orient one PPI edge, delete another; the shortcut sheet lists the keys.
  await row(orientThis!).click();
  await app.keyboard.press('d');
  await expect(row(orientThis!)).toHaveCount(0);
  await row(deleteThis!).click();
  await app.getByTestId('edit-delete').click();
  await expect(row(deleteThis!)).toHaveCount(0);
  await app.keyboard.press('?');
  await expect(app.getByTestId('shortcut-sheet')).toContainText('Reverse the selected regulations');
  await app.getByTestId('shortcut-sheet-close').click();

  // No edit moved the view.
  expect(await viewport()).toEqual(before);

  // Prior knowledge from a Tetrad file (uploaded, read in a worker) is one undoable step.
  const editsBefore = await app.getByTestId('edit-count').textContent();
  await app.getByTestId('load-knowledge').click();
  await app.getByTestId('knowledge-file-input').setInputFiles({
    name: 'prior.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(`/knowledge\naddtemporal\n1 ${g1}\n2 ${g2}\n\nforbiddirect\n${g2} AAA_NOVEL\n`),
  });
  await expect(app.getByTestId('knowledge-counts')).toContainText('1 forbidden arcs');
  await expect(app.getByTestId('knowledge-counts')).toContainText('2 tiers (2 genes)');
  await app.getByTestId('knowledge-apply').click();
  await expect(app.getByTestId('knowledge-dialog')).toBeHidden();
  await expect(app.getByTestId('edit-undo')).toHaveAttribute('title', /prior\.txt/);
  await app.keyboard.press('Control+z');
  await expect(app.getByTestId('edit-count')).toHaveText(editsBefore!);

  // Save a version; the base stays listed first.
  await app.getByTestId('save-version').click();
  await app.getByTestId('save-version-dialog-text').fill('curated');
  await app.getByTestId('save-version-dialog-note').fill('literature edits');
  await app.getByTestId('save-version-dialog-ok').click();
  const versionRows = app.getByTestId('version-row');
  await expect(versionRows).toHaveCount(2);
  await expect(versionRows.nth(0)).toContainText('As learned / imported');
  await expect(versionRows.nth(1).getByTestId('version-who')).toContainText('by you: +1 −1 ⇄0 ↕1');

  // Forbid one adjacency (context menu from the keyboard) and require my arc (right-click).
  await row(forbid!).click();
  await app.keyboard.press('Shift+F10');
  await app.getByTestId('menu-forbid-adjacency').click();
  await row(`${g2}→${g1}`).click();
  await app.keyboard.press('ContextMenu');
  await app.getByTestId('menu-require-arc').click();
  await expect(app.getByTestId('edit-count')).toHaveText('2 edits');
  await app.getByTestId('save-version').click();
  await app.getByTestId('save-version-dialog-text').fill('constrained');
  await app.getByTestId('save-version-dialog-ok').click();
  await expect(versionRows).toHaveCount(3);

  // The diff of the base and the first version, on the canvas and as a table.
  await app.getByTestId('diff-from').selectOption({ label: 'As learned / imported' });
  await app.getByTestId('diff-to').selectOption({ label: 'curated' });
  await app.getByTestId('diff-show').click();
  const diff = app.getByTestId('version-diff');
  await expect(diff.getByTestId('diff-count-added')).toHaveText('added: 1');
  await expect(diff.getByTestId('diff-count-removed')).toHaveText('removed: 1');
  await expect(diff.getByTestId('diff-count-reoriented')).toHaveText('re-oriented: 1');
  await expect(diff.getByTestId('diff-count-reversed')).toHaveText('reversed: 0');
  await expect(diff.getByTestId('diff-row')).toHaveCount(3);
  await app.getByTestId('version-diff-close').click();
  expect(await viewport()).toEqual(before);

  // Re-run discovery with my edits: the wizard comes prefilled with the version's genes and knowledge.
  await app.getByTestId('rerun-with-edits').click();
  const wizard = app.getByTestId('discover-wizard');
  await app.locator('[data-testid="wizard-dataset"][value="a549_cells"]').check();
  await app.getByTestId('wizard-next').click();
  await expect(wizard).toHaveAttribute('data-step', 'genes');
  await app.getByTestId('wizard-next').click();
  // PC: quick on a fixed skeleton (and its job is told apart from other specs' GSP jobs on this server).
  await app.getByTestId('algo-pc').check();
  await app.getByTestId('wizard-next').click();
  await app.getByTestId('param-stability').uncheck();
  await app.getByTestId('wizard-next').click();
  await expect(app.getByTestId('review-knowledge')).toContainText(
    '0 required and 1 forbidden adjacencies, 1 required and 0 forbidden arcs',
  );
  await app.getByTestId('use-skeleton').check();
  // Other specs on this server may have left runs in the demo copy: the re-run is the one not there yet.
  const runs = app.locator('[data-testid="network-source"][data-source^="run:"]');
  const earlier = await runs.evaluateAll((els) => els.map((e) => e.getAttribute('data-source')));
  await app.getByTestId('wizard-start').click();

  const run = app.locator('[data-testid="network-source"][data-source^="run:"][aria-pressed="true"]');
  await expect(run).toHaveCount(1, { timeout: 30_000 });
  expect(earlier).not.toContain(await run.getAttribute('data-source'));
  await expect(canvas).toHaveAttribute('data-ready', 'true');
  // Both constraints honoured, asserted on the result itself ...
  await expect(row(`${g2}→${g1}`)).toHaveCount(1);
  const [fa, fb] = forbid!.split('—');
  await expect(row(`${fa}—${fb}`)).toHaveCount(0);
  await expect(row(`${fa}→${fb}`)).toHaveCount(0);
  await expect(row(`${fb}→${fa}`)).toHaveCount(0);
  // ... and by the comparison with the version the run was given, which opens with the result.
  const cmp = app.getByTestId('edit-comparison');
  await expect(cmp.getByTestId('cmp-honoured')).toHaveText('constraints honoured: 2');
  await expect(cmp.getByTestId('cmp-violated')).toHaveText('violated: 0');
  await expect(cmp.getByTestId('cmp-edit')).toHaveCount(3); // my added, removed and re-oriented edges

  // Leave no trace for the specs that share this server: they open a fresh copy of the demo.
  await app.getByTestId('close-project').click();
  await expect(app.getByTestId('start-screen')).toBeVisible();
  rmSync(join(server.dataDir, 'demo-project'), { recursive: true, force: true });
});
