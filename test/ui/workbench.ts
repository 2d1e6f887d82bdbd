// The packaged extension in a fresh VS Code workbench, opened the way a person would: the .vsix
// installed into a clean extensions folder with the server's own CLI, the fixture folder opened in
// chromium, and small helpers that find what is on screen.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Profile, ProfileOptions } from '../../scripts/host/workbench';
import {
  createProfile,
  installExtension,
  launchChromium,
  removeProfile,
  VsCodeServer,
} from '../../scripts/host/workbench';

// The bundle runs from out/test/ui.
const repoRoot = resolve(__dirname, '..', '..', '..');
const fixtureFolder = join(repoRoot, 'test', 'fixtures', 'workspace');
const screenshotDir = join(repoRoot, 'test-results');

/** How long one thing may take to appear on screen. */
export const appearTimeoutMs = 30_000;

/** One server and one browser page showing the fixture workspace with Dockwright installed. */
export class UiWorkbench {
  readonly page: Page;
  private readonly profile: Profile;
  private readonly server: VsCodeServer;
  private readonly browser: Browser;

  private constructor(profile: Profile, server: VsCodeServer, browser: Browser, page: Page) {
    this.profile = profile;
    this.server = server;
    this.browser = browser;
    this.page = page;
  }

  /** Installs dist/dockwright.vsix, starts the server with these settings and opens the workbench. */
  static async open(settings: ProfileOptions = {}): Promise<UiWorkbench> {
    const vsix = join(repoRoot, 'dist', 'dockwright.vsix');
    if (!existsSync(vsix)) {
      throw new Error(`${vsix} is missing; run: npm run package`);
    }
    const profile = await createProfile(settings);
    let server: VsCodeServer | undefined;
    let browser: Browser | undefined;
    try {
      await installExtension(vsix, profile);
      server = await VsCodeServer.start(profile);
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(server.workbenchUrl(fixtureFolder));
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: appearTimeoutMs });
      return new UiWorkbench(profile, server, browser, page);
    } catch (err) {
      await browser?.close();
      await server?.stop();
      await removeProfile(profile);
      throw err;
    }
  }

  /** An activity-bar entry by its title. */
  activityBarEntry(title: string): Locator {
    return this.page.locator('.part.activitybar').getByRole('tab', { name: title, exact: true });
  }

  /** Shows an activity-bar entry's views; clicking an entry that is already shown would hide them. */
  async showViewContainer(title: string): Promise<void> {
    const entry = this.activityBarEntry(title);
    await entry.waitFor({ timeout: appearTimeoutMs });
    if ((await entry.getAttribute('aria-selected')) !== 'true') {
      await entry.click();
    }
    await this.page.locator('.part.sidebar').waitFor({ timeout: appearTimeoutMs });
  }

  /** The header of a view in the side bar, by the view's name. */
  viewHeader(name: string): Locator {
    return this.page.locator('.part.sidebar').getByRole('button', { name: `${name} Section`, exact: true });
  }

  /** The tree of a tree view in the side bar, by the view's name. */
  viewTree(name: string): Locator {
    return this.page.locator('.part.sidebar').getByRole('tree', { name, exact: true });
  }

  /** Opens a workspace file through Quick Open, as a person would with Ctrl+P. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: appearTimeoutMs });
    await input.fill(name);
    await this.page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ hasText: name })
      .first()
      .waitFor({ timeout: appearTimeoutMs });
    await this.page.keyboard.press('Enter');
    await this.page
      .locator('.editor-group-container .tab.active')
      .filter({ hasText: name })
      .waitFor({ timeout: appearTimeoutMs });
  }

  /** Opens the Problems panel and returns its rows. */
  async problems(): Promise<Locator> {
    await this.page.keyboard.press('Control+Shift+M');
    const panel = this.page.locator('.part.panel .markers-panel');
    await panel.waitFor({ timeout: appearTimeoutMs });
    return panel.locator('.monaco-list-row');
  }

  /** Saves a screenshot to test-results/ and returns its path. */
  async screenshot(title: string): Promise<string> {
    await mkdir(screenshotDir, { recursive: true });
    const file = join(screenshotDir, `${title.replace(/[^\w.-]+/g, '-').slice(0, 120)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Closes the browser and stops the server, then deletes the profile. */
  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    await removeProfile(this.profile);
  }
}
