// Where a finished job shows its result: one route per job kind (a page, and how that page opens the
// run), so every job in the Jobs list links to what it made. A kind with no route has no "Open result".
import type { JobKind } from '@shared/contracts/jobs.ts';
import type { AppState } from '../../state/app.svelte.ts';
import type { PageId } from '../../state/nav.svelte.ts';

export interface ResultRoute {
  page: PageId;
  show: (runId: string) => unknown;
}

type Pages = Pick<
  AppState,
  | 'summary'
  | 'signatureBuilder'
  | 'drugs'
  | 'transport'
  | 'modelTrain'
  | 'targets'
  | 'network'
  | 'nav'
  | 'design'
  | 'gim'
>;

export function resultRoutes(app: Pages): Partial<Record<JobKind, ResultRoute>> {
  return {
    'dataset.summary': { page: 'data', show: (id) => app.summary.show(id) },
    'network.discover': { page: 'network', show: (id) => app.network.show({ kind: 'run', id }) },
    'signature.build': {
      page: 'data',
      show: (id) => {
        app.signatureBuilder.open(null);
        return app.signatureBuilder.show(id);
      },
    },
    'drugs.rank': { page: 'drugs', show: (id) => app.drugs.show(id) },
    'transport.validate': { page: 'transport', show: (id) => app.transport.show(id) },
    'model.train': { page: 'transport', show: (id) => app.modelTrain.show(id) },
    'targets.steiner': { page: 'targets', show: (id) => app.targets.showSteiner(id) },
    'targets.rank': { page: 'targets', show: (id) => app.targets.showRanking(id) },
    'design.plan': { page: 'network', show: (id) => app.design.show(id) },
    'gim.train': { page: 'gim', show: (id) => app.gim.train.show(id) },
    'gim.validate': { page: 'gim', show: (id) => app.gim.validate.show(id) },
    'gim.predict': { page: 'gim', show: (id) => app.gim.predict.show(id) },
  };
}

/** The "Open result" action for a job kind: go to its page and show the run there; undefined if none. */
export function resultOpener(app: Pages, kind: string): ((runId: string) => void) | undefined {
  const route = resultRoutes(app)[kind as JobKind];
  if (!route) return undefined;
  return (runId) => {
    app.nav.go(route.page);
    void route.show(runId);
  };
}
