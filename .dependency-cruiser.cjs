/** Layer rules of ARCHITECTURE.md §1–2, enforced on resolved paths. */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-isomorphic',
      comment: 'src-shared may import only src-shared and zod: no Node, no DOM libraries, no electron.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { pathNot: ['^src-shared/', '^node_modules/zod/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-not-main',
      comment: 'The renderer talks to main only through the bridge.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/' },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-in-app-and-preload',
      comment: 'Everything but the Electron host must run in plain Node (server, CLI, tests).',
      severity: 'error',
      from: { path: '^src-main/', pathNot: ['^src-main/(app|preload)/'] },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'compute-is-pure',
      comment: 'Algorithms do not reach up into services, hosts or IPC.',
      severity: 'error',
      from: { path: '^src-main/compute/' },
      to: { path: '^src-main/(app|server|cli|ipc|services|preload|workers)/' },
    },
    {
      name: 'workers-below-services',
      comment: 'Workers run compute; they never import the supervisor side.',
      severity: 'error',
      from: { path: '^src-main/workers/' },
      to: { path: '^src-main/(app|server|cli|ipc|preload)/' },
    },
    {
      name: 'services-not-workers',
      comment:
        'Main sends tasks by name (src-shared/contracts/tasks.ts) and never loads worker code; only the in-process test backend serves the worker task table.',
      severity: 'error',
      from: { path: '^src-main/(services|ipc)/', pathNot: ['^src-main/services/jobs/test-backend\\.ts$'] },
      to: { path: '^src-main/workers/' },
    },
    {
      name: 'services-not-hosts',
      severity: 'error',
      from: { path: '^src-main/(services|ipc)/' },
      to: { path: '^src-main/(app|server|cli|preload)/' },
    },
    {
      name: 'onnxruntime-in-compute-only',
      comment:
        'onnxruntime-node is a native module that must never load in Electron main: only compute code (run in workers) imports it.',
      severity: 'error',
      from: { pathNot: ['^src-main/compute/'] },
      to: { path: '^node_modules/onnxruntime-(node|common)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', 'test-workers/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.js', '.svelte'],
    },
  },
};
