import { expect, type Locator, type Page } from '@playwright/test';

/** The Targets page, as the target-identification spec drives it. */
export class TargetsPage {
  readonly view: Locator;
  readonly wizard: Locator;

  constructor(private readonly page: Page) {
    this.view = page.getByTestId('targets-view');
    this.wizard = page.getByTestId('targets-wizard');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-targets').click();
    await expect(this.view).toBeVisible();
  }

  async startWizard(): Promise<void> {
    await this.page.getByTestId('targets-open').click();
    await expect(this.wizard).toHaveAttribute('data-step', 'signature');
  }

  async next(): Promise<void> {
    await this.page.getByTestId('targets-wizard-next').click();
  }

  /** Fills the sweep grid's w and b lists. */
  async sweepValues(ws: string, bs: string): Promise<void> {
    await this.wizard.getByLabel('w values').fill(ws);
    await this.wizard.getByLabel('b values').fill(bs);
  }
}
