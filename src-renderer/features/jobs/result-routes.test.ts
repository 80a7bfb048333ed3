import { describe, expect, it } from 'vitest';
import { resultOpener, resultRoutes } from './result-routes.ts';

function fakeApp() {
  const calls: string[] = [];
  const rec =
    (name: string) =>
    (id: string | null): Promise<boolean> => {
      calls.push(`${name}(${id})`);
      return Promise.resolve(true);
    };
  const app = {
    summary: { show: rec('summary.show') },
    signatureBuilder: { open: rec('signatureBuilder.open'), show: rec('signatureBuilder.show') },
    drugs: { show: rec('drugs.show') },
    transport: { show: rec('transport.show') },
    modelTrain: { show: rec('modelTrain.show') },
    targets: { showSteiner: rec('targets.showSteiner'), showRanking: rec('targets.showRanking') },
    design: { show: rec('design.show') },
    gim: {
      train: { show: rec('gim.train.show') },
      validate: { show: rec('gim.validate.show') },
      predict: { show: rec('gim.predict.show') },
    },
    nav: { go: (page: string) => calls.push(`go(${page})`) },
  };
  return { app: app as unknown as Parameters<typeof resultOpener>[0], calls };
}

describe('result routes', () => {
  it('opens a finished job on the page that shows its kind of result', () => {
    const { app, calls } = fakeApp();
    resultOpener(app, 'drugs.rank')!('run_1');
    resultOpener(app, 'dataset.summary')!('run_2');
    resultOpener(app, 'transport.validate')!('run_3');
    resultOpener(app, 'signature.build')!('run_4');
    resultOpener(app, 'design.plan')!('run_5');
    resultOpener(app, 'gim.validate')!('run_6');
    expect(calls).toEqual([
      'go(drugs)',
      'drugs.show(run_1)',
      'go(data)',
      'summary.show(run_2)',
      'go(transport)',
      'transport.show(run_3)',
      'go(data)',
      'signatureBuilder.open(null)',
      'signatureBuilder.show(run_4)',
      'go(network)',
      'design.show(run_5)',
      'go(gim)',
      'gim.validate.show(run_6)',
    ]);
  });

  it('covers the kinds whose results a page shows, and gives no link for the rest', () => {
    const { app } = fakeApp();
    expect(Object.keys(resultRoutes(app)).sort()).toEqual([
      'dataset.summary',
      'design.plan',
      'drugs.rank',
      'gim.predict',
      'gim.train',
      'gim.validate',
      'model.train',
      'network.discover',
      'signature.build',
      'targets.rank',
      'targets.steiner',
      'transport.validate',
    ]);
    expect(resultOpener(app, 'no.such-kind')).toBeUndefined();
  });
});
