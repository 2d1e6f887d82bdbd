// What a person sees after installing the packaged Dockwright: the Docker entry, its six views,
// the test daemon's images, and a Dockerfile diagnostic in the Problems panel.
import { appearTimeoutMs, UiWorkbench } from './workbench';

const viewNames = ['Containers', 'Images', 'Volumes', 'Networks', 'Registries', 'Contexts'];

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

  it('shows the six views when the Docker entry is clicked', async () => {
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
});
