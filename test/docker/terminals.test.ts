// The container terminals against the test daemon: a shell through a real TTY, shell probing
// without any tool in the image, attach, and logs that follow a restart.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerClient } from '../../src/extension/docker/client';
import { AttachTerminal } from '../../src/extension/terminals/attachTerminal';
import type { EnginePty } from '../../src/extension/terminals/enginePty';
import { ExecTerminal } from '../../src/extension/terminals/execTerminal';
import { readLogText } from '../../src/extension/terminals/logsDocument';
import { LogChangeWatch, startedAgain } from '../../src/extension/terminals/logsDocumentWatch';
import { sinceParameter, timestampNanos } from '../../src/extension/terminals/logStream';
import { LogsTerminal } from '../../src/extension/terminals/logsTerminal';
import { probeShell } from '../../src/extension/terminals/shellProbe';
import { requireDaemon, seeds, testClient } from './helpers';

/** Everything a pseudoterminal writes, and a way to wait for some of it. */
class Screen {
  text = '';
  closedWith: number | void | undefined;
  closed = false;
  private waiters: (() => void)[] = [];

  constructor(pty: EnginePty) {
    pty.onDidWrite((data) => {
      this.text += data;
      this.wake();
    });
    pty.onDidClose((code) => {
      this.closed = true;
      this.closedWith = code;
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters.splice(0);
    waiters.forEach((w) => w());
  }

  /** Resolves when `check` holds, rejects after a deadline with what was written. */
  until(what: string, check: (screen: Screen) => boolean, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `Timed out waiting for ${what}; the terminal shows:\n${JSON.stringify(this.text.slice(-2000))}`,
          ),
        );
      }, timeoutMs);
      const test = (): void => {
        if (check(this)) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(test);
        }
      };
      test();
    });
  }

  contains(needle: string): Promise<void> {
    return this.until(JSON.stringify(needle), (s) => s.text.includes(needle));
  }
}

describe('Container terminals (test daemon)', function () {
  let host: string;
  let client: DockerClient;
  const created: string[] = [];
  const images: string[] = [];
  const ptys: EnginePty[] = [];

  before(async function () {
    host = requireDaemon(this);
    client = await testClient(host);
  });

  afterEach(async () => {
    ptys.splice(0).forEach((pty) => pty.close());
    await Promise.allSettled(created.splice(0).map((id) => client.removeContainer(id, { force: true })));
  });

  after(() => {
    for (const image of images) {
      execFileSync('docker', ['-H', host, 'image', 'rm', '-f', image], { stdio: 'ignore' });
    }
    client?.dispose();
  });

  const unique = (): string => `dockwright-term-${process.pid}-${Date.now().toString(36)}-${created.length}`;

  async function run(spec: {
    cmd?: string[];
    image?: string;
    tty?: boolean;
    stdin?: boolean;
    start?: boolean;
  }): Promise<string> {
    const id = await client.createContainer({
      name: unique(),
      Image: spec.image ?? seeds.plain,
      ...(spec.cmd !== undefined ? { Cmd: spec.cmd } : {}),
      Tty: spec.tty ?? false,
      OpenStdin: spec.stdin ?? false,
      Labels: { 'dockwright.test': 'terminals' },
      HostConfig: { NetworkMode: 'none' },
    });
    created.push(id);
    if (spec.start !== false) {
      await client.startContainer(id);
    }
    return id;
  }

  function track<T extends EnginePty>(pty: T): { pty: T; screen: Screen } {
    ptys.push(pty);
    const screen = new Screen(pty);
    pty.open({ rows: 24, columns: 80 });
    return { pty, screen };
  }

  it('echoes input through a real TTY and closes with the exit code', async () => {
    const id = await run({});
    const { pty, screen } = track(new ExecTerminal({ engine: client, containerId: id }));
    await pty.started;
    // The shell's prompt shows the TTY is there (sh prints no prompt without one).
    await screen.contains('# ');
    pty.handleInput('echo "tty-$((40+2))"; [ -t 0 ] && echo "is-a-tty"\r');
    await screen.contains('tty-42');
    await screen.contains('is-a-tty');
    pty.handleInput('exit 7\r');
    await screen.until('the terminal to close', (s) => s.closed);
    assert.equal(screen.closedWith, 7);
    assert.match(screen.text, /exited with code 7/);
  });

  it('forwards the terminal size to the exec', async () => {
    const id = await run({});
    const { pty, screen } = track(new ExecTerminal({ engine: client, containerId: id }));
    await pty.started;
    await screen.contains('# ');
    pty.setDimensions({ rows: 33, columns: 101 });
    await pty.resizing;
    // The TTY's own size, as the kernel reports it to stty.
    pty.handleInput('echo "size-$(busybox stty size)"\r');
    await screen.until('the new size', (s) => /size-33 101/.test(s.text));
  });

  it('probes sh on busybox, and finds no shell in an image without one', async function () {
    const id = await run({});
    assert.deepEqual(await probeShell(client, id), { shell: '/bin/sh' });

    // An image with busybox under another name and no shell anywhere.
    const context = mkdtempSync(join(tmpdir(), 'dw-noshell-'));
    const tag = `dockwright-test/noshell-${process.pid}-${Date.now().toString(36)}:latest`;
    try {
      mkdirSync(join(context, 'rootfs', 'opt'), { recursive: true });
      copyFileSync('/bin/busybox', join(context, 'rootfs', 'opt', 'busybox'));
      chmodSync(join(context, 'rootfs', 'opt', 'busybox'), 0o755);
      writeFileSync(
        join(context, 'Dockerfile'),
        'FROM scratch\nCOPY rootfs/ /\nCMD ["/opt/busybox", "sleep", "3600"]\n',
      );
      execFileSync('docker', ['-H', host, 'build', '-q', '-t', tag, context], { stdio: 'ignore' });
      images.push(tag);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
    const bare = await run({ image: tag });
    const probe = await probeShell(client, bare);
    assert.equal(probe.shell, undefined);
    const { pty, screen } = track(new ExecTerminal({ engine: client, containerId: bare }));
    await pty.started;
    await screen.contains('No shell found');
    assert.match(screen.text, /\/bin\/bash, .*\/bin\/sh.*\/bin\/ash/);
    assert.equal(screen.closed, false, 'the message stays until a key is pressed');
    pty.handleInput('x');
    assert.equal(screen.closed, true);
    // A command still runs there, split without a shell.
    const { pty: runPty, screen: runScreen } = track(
      new ExecTerminal({ engine: client, containerId: bare, command: '/opt/busybox echo "no shell needed"' }),
    );
    await runPty.started;
    await runScreen.until('the command to finish', (s) => s.closed);
    assert.match(runScreen.text, /no shell needed/);
    assert.equal(runScreen.closedWith, 0);
  });

  it('uses the shell the setting names, and says so when the container lacks it', async () => {
    const id = await run({});
    const chosen = track(new ExecTerminal({ engine: client, containerId: id, shell: '/bin/sh' }));
    await chosen.pty.started;
    await chosen.screen.contains('# ');
    chosen.pty.handleInput('echo "shell-is-$0"\r');
    await chosen.screen.contains('shell-is-/bin/sh');
    assert.doesNotMatch(chosen.screen.text, /is not in this container/);

    const missing = track(new ExecTerminal({ engine: client, containerId: id, shell: '/bin/zsh' }));
    await missing.pty.started;
    await missing.screen.contains('/bin/zsh is not in this container; using /bin/sh.');
    missing.pty.handleInput('echo "fallback-$((6*7))"\r');
    await missing.screen.contains('fallback-42');
  });

  it('says clearly that a stopped container cannot take an exec', async () => {
    const id = await run({ start: false });
    const { pty, screen } = track(new ExecTerminal({ engine: client, containerId: id }));
    await pty.started;
    await screen.contains('is not running (created): start it first.');
    assert.equal(screen.closed, false);
  });

  it('attaches to the main process with stdin, and detaching leaves it running', async () => {
    const id = await run({ cmd: ['cat'], stdin: true });
    const { pty, screen } = track(new AttachTerminal({ engine: client, containerId: id }));
    await pty.started;
    assert.equal(pty.interactive, true);
    pty.handleInput('through-attach\n');
    await screen.contains('through-attach');
    pty.close();
    const after = await client.containerProcess(id);
    assert.equal(after?.state, 'running', 'detaching does not stop the container');
  });

  it('attaches read-only to a container without stdin', async () => {
    const id = await run({ cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do echo beat; sleep 0.1; done'] });
    const { pty, screen } = track(new AttachTerminal({ engine: client, containerId: id }));
    await pty.started;
    assert.equal(pty.interactive, false);
    await screen.contains('Read-only');
    await screen.contains('beat');
  });

  it('tells stdout and stderr apart', async () => {
    const id = await run({ cmd: ['sh', '-c', 'echo to-out; echo to-err >&2; sleep 3600'] });
    const { pty, screen } = track(
      new LogsTerminal({ engine: client, containerId: id, tail: 'all', timestamps: () => false }),
    );
    await pty.started;
    await screen.contains('to-err');
    await screen.contains('to-out');
    const esc = '\x1b';
    assert.ok(screen.text.includes(`${esc}[31mto-err\r\n${esc}[39m`), 'stderr is red');
    assert.ok(!screen.text.includes(`${esc}[31mto-out`), 'stdout is not');
    const document = await readLogText(client, id, { tail: 'all', timestamps: false, limitBytes: 1 << 20 });
    // The two pipes are copied apart, so either line may come first.
    assert.deepEqual(document.text.split('\n').sort(), ['', '[stderr] to-err', 'to-out']);
  });

  it('reads a log into a document, keeping the newest part and saying what was skipped', async () => {
    const id = await run({
      cmd: ['sh', '-c', 'i=0; while [ $i -lt 2000 ]; do echo "line-$i"; i=$((i+1)); done'],
    });
    await client.containerLogs(id, { follow: true, timestamps: false }).then(
      (stream) =>
        new Promise<void>((resolve) => {
          stream.on('data', () => undefined);
          stream.once('end', resolve);
          stream.once('close', resolve);
        }),
    );
    const whole = await readLogText(client, id, { tail: 'all', timestamps: true, limitBytes: 1 << 20 });
    assert.equal(whole.skippedBytes, 0);
    assert.equal(whole.text.trim().split('\n').length, 2000);
    assert.match(whole.text, /^\d{4}-\d\d-\d\dT[\d:.]+Z line-0$/m);
    const bounded = await readLogText(client, id, { tail: 'all', timestamps: false, limitBytes: 4096 });
    assert.ok(bounded.skippedBytes > 0);
    assert.match(bounded.text, /^\[\d+ bytes of older log skipped: only the last \d+ bytes are shown\]\n/);
    assert.match(bounded.text, /line-1999\n$/, 'the newest lines are kept');
    assert.doesNotMatch(bounded.text, /^line-0$/m);
    const tail = await readLogText(client, id, { tail: 3, timestamps: false, limitBytes: 4096 });
    assert.equal(tail.text, 'line-1997\nline-1998\nline-1999\n');
  });

  it('follows with the tail and since asked, and shows timestamps once toggled', async () => {
    // Five old lines, then nothing until /tmp/go exists, then a tick every 0.1 s.
    const id = await run({
      cmd: [
        'sh',
        '-c',
        'for i in 0 1 2 3 4; do echo old-$i; done; until [ -e /tmp/go ]; do sleep 0.05; done; ' +
          'while :; do echo tick; sleep 0.1; done',
      ],
    });
    const deadline = Date.now() + 20_000;
    while (
      !(await readLogText(client, id, { tail: 1, timestamps: false, limitBytes: 4096 })).text.includes(
        'old-4',
      )
    ) {
      assert.ok(Date.now() < deadline, 'the container wrote its old lines');
    }
    let timestamps = false;
    const tailed = track(
      new LogsTerminal({ engine: client, containerId: id, tail: 2, timestamps: () => timestamps }),
    );
    await tailed.pty.started;
    await tailed.screen.contains('old-4');
    const go = track(new ExecTerminal({ engine: client, containerId: id, command: 'touch /tmp/go' }));
    await go.pty.started;
    await go.screen.until('the command to finish', (s) => s.closed);
    await tailed.screen.contains('tick');
    assert.match(tailed.screen.text, /old-3\r\n.*old-4\r\n/s);
    assert.doesNotMatch(tailed.screen.text, /old-2/, 'only the last two lines before following');
    assert.doesNotMatch(tailed.screen.text, /\d{4}-\d\d-\d\dT[\d:.]+Z/);
    timestamps = true;
    await tailed.screen.until('a timestamped line', (s) => /\d{4}-\d\d-\d\dT[\d:.]+Z\S* tick/.test(s.text));

    // A duration, as the Since pick offers it: the Engine is given a time, not "10m".
    const recent = track(
      new LogsTerminal({
        engine: client,
        containerId: id,
        tail: 'all',
        since: '10m',
        timestamps: () => false,
      }),
    );
    await recent.pty.started;
    await recent.screen.contains('old-0');
    const document = await readLogText(client, id, {
      tail: 'all',
      since: '1h',
      timestamps: true,
      limitBytes: 1 << 20,
    });
    const stamp = /^(\S+) old-4$/m.exec(document.text)?.[1];
    const nanos = stamp === undefined ? undefined : timestampNanos(stamp);
    assert.ok(nanos !== undefined, `old-4 has a timestamp in:\n${document.text.slice(0, 400)}`);

    // From just after the last old line: only what came later.
    const later = track(
      new LogsTerminal({
        engine: client,
        containerId: id,
        tail: 'all',
        since: sinceParameter(nanos + 1n),
        timestamps: () => false,
      }),
    );
    await later.pty.started;
    await later.screen.contains('tick');
    assert.doesNotMatch(later.screen.text, /old-/);
  });

  it('tells an open logs document when the container writes more, and ends when it stops', async () => {
    const id = await run({
      cmd: [
        'sh',
        '-c',
        'trap "exit 0" TERM; echo old; until [ -e /tmp/go ]; do sleep 0.05; done; echo new; while :; do sleep 0.1; done',
      ],
    });
    let changes = 0;
    let wake: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => (wake = resolve));
    const watch = new LogChangeWatch(client, id, () => {
      changes++;
      wake();
    });
    try {
      const go = track(new ExecTerminal({ engine: client, containerId: id, command: 'touch /tmp/go' }));
      await go.pty.started;
      await go.screen.until('the command to finish', (s) => s.closed);
      await changed;
      const text = (await readLogText(client, id, { tail: 'all', timestamps: false, limitBytes: 4096 })).text;
      assert.equal(text, 'old\nnew\n', 'read again, the document shows the new line');
      await client.stopContainer(id, { timeoutSeconds: 5 });
      await watch.ended;
      assert.equal(changes, 1, 'one line written, one change');
    } finally {
      watch.dispose();
    }
    // A watch on a stopped container ends at once.
    const idle = new LogChangeWatch(client, id, () => assert.fail('a stopped container writes nothing'));
    await idle.ended;
  });

  it('tells a stopped logs document when its container starts again, and not once it is removed', async () => {
    const id = await run({ cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 0.1; done'] });
    await client.stopContainer(id, { timeoutSeconds: 5 });
    const waiting = new AbortController();
    const again = startedAgain(client, id, waiting.signal);
    await client.startContainer(id);
    assert.equal(await again, true, 'the start is seen');
    assert.equal(await startedAgain(client, id, waiting.signal), true, 'running already counts as started');
    await client.stopContainer(id, { timeoutSeconds: 5 });
    const removed = startedAgain(client, id, waiting.signal);
    await client.removeContainer(id, { force: true });
    assert.equal(await removed, false, 'a removed container never starts again');
    const closed = new AbortController();
    const gone = startedAgain(client, id, closed.signal);
    closed.abort();
    assert.equal(await gone.catch(() => false), false, 'closing the document stops the wait');
  });

  it('keeps following the logs across a restart, without repeating lines', async () => {
    const script =
      'trap "exit 0" TERM; n=$(cat /tmp/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/n; echo "run-$n"; ' +
      'while :; do echo "tick-$n"; sleep 0.1; done';
    const id = await run({ cmd: ['sh', '-c', script] });
    const { pty, screen } = track(
      new LogsTerminal({ engine: client, containerId: id, tail: 'all', timestamps: () => false }),
    );
    await pty.started;
    await screen.contains('tick-1');
    await client.stopContainer(id, { timeoutSeconds: 5 });
    await screen.contains('waiting for it to start again');
    await client.startContainer(id);
    await screen.contains('tick-2');
    assert.equal(screen.text.split('run-1').length - 1, 1, 'the first run is shown once');
    assert.equal(screen.text.split('run-2').length - 1, 1, 'the second run is shown once');
  });
});
