// What a person sees after installing the packaged Dockwright: the Docker entry, its eight views,
// the test daemon's images, Dockerfile diagnostics in the Problems panel, and a heredoc body
// highlighted as shell.
import { appearTimeoutMs, UiWorkbench } from './workbench';

const viewNames = [
  'Containers',
  'Compose',
  'Images',
  'Volumes',
  'Networks',
  'Swarm',
  'Registries',
  'Contexts',
];

describe('Dockwright in the workbench (packaged .vsix)', function () {
  const dockerHost = process.env.DOCKWRIGHT_TEST_DOCKER_HOST;
  let workbench: UiWorkbench | undefined;

  function opened(): UiWorkbench {
    if (workbench === undefined) throw new Error('the workbench did not open');
    return workbench;
  }

  before(async () => {
    // A machine-scoped setting: in this remote window it belongs in the machine's settings.
    workbench = await UiWorkbench.open(
      dockerHost !== undefined && dockerHost !== ''
        ? { machineSettings: { 'dockwright.docker.host': dockerHost } }
        : {},
    );
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed' && workbench !== undefined) {
      console.log(`      screenshot: ${await workbench.screenshot(test.fullTitle())}`);
    }
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the Docker entry in the activity bar', async () => {
    await opened().activityBarEntry('Docker').waitFor({ timeout: appearTimeoutMs });
  });

  it('shows the eight views when the Docker entry is clicked', async () => {
    const wb = opened();
    await wb.showViewContainer('Docker');
    for (const name of viewNames) {
      await wb.viewHeader(name).waitFor({ timeout: appearTimeoutMs });
    }
  });

  it('lists the seed image in the Images view', async function () {
    if (dockerHost === undefined || dockerHost === '') {
      console.log(
        '      skipped: DOCKWRIGHT_TEST_DOCKER_HOST is not set (start the test daemon and source its env.sh)',
      );
      this.skip();
    }
    const wb = opened();
    await wb.showViewContainer('Docker');
    await wb
      .viewTree('Images')
      .getByRole('treeitem')
      .filter({ hasText: 'dockwright-seed/plain' })
      .first()
      .waitFor({ timeout: appearTimeoutMs });
  });

  it('shows the unknown-instruction diagnostic in the Problems panel', async () => {
    const wb = opened();
    await wb.openFile('Dockerfile');
    const rows = await wb.problems();
    await rows.filter({ hasText: 'unknown instruction: FORM' }).filter({ hasText: 'DW001' }).waitFor({
      timeout: appearTimeoutMs,
    });
  });

  it('shows a BuildKit check, a hadolint rule and a syntax error with their codes in the Problems panel', async () => {
    const wb = opened();
    await wb.openFile('problems.dockerfile');
    const rows = await wb.problems();
    for (const [code, text] of [
      ['FromAsCasing', "'as' and 'FROM' keywords' casing do not match"],
      ['DL3003', 'WORKDIR'],
      ['DW001', 'unknown instruction: COPYY'],
    ]) {
      await rows
        .filter({ hasText: code })
        .filter({ hasText: text })
        .first()
        .waitFor({ timeout: appearTimeoutMs });
    }
  });

  it('tokenizes a RUN heredoc body as shell (Inspect Editor Tokens and Scopes)', async () => {
    const wb = opened();
    const page = wb.page;
    await wb.openFile('features.dockerfile');
    // Line 6 is `echo "building"` inside the RUN heredoc; put the cursor on `echo`.
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: appearTimeoutMs });
    await input.fill(':6:2');
    // Enter only once the widget has read the line, and go on only once the cursor is there.
    await page
      .locator('.quick-input-widget')
      .filter({ hasText: /line 6/i })
      .waitFor({ timeout: appearTimeoutMs });
    await page.keyboard.press('Enter');
    await page
      .locator('.statusbar-item')
      .filter({ hasText: 'Ln 6, Col 2' })
      .waitFor({ timeout: appearTimeoutMs });
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: appearTimeoutMs });
    await input.fill('>Developer: Inspect Editor Tokens and Scopes');
    await page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ hasText: 'Inspect Editor Tokens and Scopes' })
      .first()
      .waitFor({ timeout: appearTimeoutMs });
    await page.keyboard.press('Enter');
    const widget = page.locator('.token-inspect-widget');
    // The shell grammar scopes `echo` as a builtin, inside our embedded-shell block, and the
    // editor reports the token's language as shell script.
    for (const text of ['support.function.builtin.shell', 'meta.embedded.block.shell', 'shellscript']) {
      await widget.filter({ hasText: text }).waitFor({ timeout: appearTimeoutMs });
    }
    await page.keyboard.press('Escape');
  });
});
