// Hover and signature help through the built server, as an editor asks for them.
import * as assert from 'node:assert/strict';
import {
  HoverRequest,
  SignatureHelpRequest,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

const TEXT = [
  'ARG VERSION=3.20',
  'FROM alpine:${VERSION} AS build',
  'ENV APP_HOME=/srv/app',
  'RUN --mount=type=cache,target=/root/.cache make',
  'FROM scratch',
  'COPY --from=build --chown=1000:1000 $APP_HOME /app',
  '',
].join('\n');

function markdown(hover: Hover | null): string {
  return hover === null ? '' : (hover.contents as MarkupContent).value;
}

describe('language server over stdio: hover and signature help', () => {
  let server: ServerUnderTest;
  const uri = 'file:///w/hover/Dockerfile';

  before(async () => {
    server = await startServer({ settings: { rules: { shellcheck: false } } });
    await server.open(uri, TEXT);
  });

  after(async () => {
    await server.stop();
  });

  const hoverAt = (line: number, character: number): Promise<Hover | null> =>
    server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character },
    });

  it('announces hover and signature help', () => {
    const capabilities = server.initializeResult.capabilities;
    assert.equal(capabilities.hoverProvider, true);
    assert.ok(capabilities.signatureHelpProvider?.triggerCharacters?.includes(' '));
  });

  it('documents FROM with our text and a link to the reference', async () => {
    const hover = await hoverAt(1, 2);
    assert.match(markdown(hover), /^\*\*FROM\*\*/);
    assert.match(markdown(hover), /docs\.docker\.com\/reference\/dockerfile\/#from/);
    assert.deepEqual(hover?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
  });

  it('documents a flag and a mount option', async () => {
    assert.match(markdown(await hoverAt(5, 22)), /--chown=<user>\[:<group>\]/);
    assert.match(markdown(await hoverAt(3, 19)), /RUN mount type/);
  });

  it('shows a variable with its value and where it was set', async () => {
    assert.match(markdown(await hoverAt(1, 16)), /Value here: `3\.20`/);
    // APP_HOME is set in the build stage, not in the scratch stage that uses it.
    assert.match(markdown(await hoverAt(5, 40)), /Not set here/);
    const env = markdown(await hoverAt(2, 6));
    assert.match(env, /Value from here on: `\/srv\/app`/);
  });

  it('shows the stage a reference names', async () => {
    const hover = await hoverAt(5, 14);
    assert.match(markdown(hover), /Stage `build`\*\* · index 0/);
    assert.match(markdown(hover), /FROM alpine:\$\{VERSION\} AS build/);
    assert.deepEqual(hover?.range, { start: { line: 5, character: 12 }, end: { line: 5, character: 17 } });
  });

  it('answers null on whitespace', async () => {
    assert.equal(await hoverAt(6, 0), null);
  });

  it('gives signature help for COPY with the destination active', async () => {
    const help = await server.connection.sendRequest(SignatureHelpRequest.type, {
      textDocument: { uri },
      position: { line: 5, character: 50 },
    });
    assert.ok(help !== null);
    const signature = help.signatures[help.activeSignature ?? 0];
    const offsets = signature?.parameters?.[help.activeParameter ?? 0]?.label as [number, number];
    assert.equal(signature?.label.slice(...offsets), '<dest>');
  });
});

describe('language server over stdio: hover with the daemon’s image details', () => {
  let server: ServerUnderTest;
  const asked: string[] = [];
  const uri = 'file:///w/hover/details/Dockerfile';

  before(async () => {
    server = await startServer({ settings: { rules: { shellcheck: false } } });
    server.connection.onRequest('dockwright/imageDetails', (params: { reference: string }) => {
      asked.push(params.reference);
      if (params.reference !== 'alpine:3.20') return null;
      return {
        id: `sha256:abcdef012345${'6'.repeat(52)}`,
        size: 7_800_000,
        created: '2025-03-04T05:06:07Z',
        repoTags: ['alpine:3.20'],
        repoDigests: [`alpine@sha256:${'7'.repeat(64)}`],
      };
    });
    await server.open(uri, 'ARG V=3.20\nFROM alpine:${V} AS build\nFROM build\nFROM nginx:1.27\n');
  });

  after(async () => {
    await server.stop();
  });

  const hoverAt = (line: number, character: number): Promise<Hover | null> =>
    server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character },
    });

  it('appends what the daemon knows to the image hover', async () => {
    const text = markdown(await hoverAt(1, 7));
    assert.equal(asked[asked.length - 1], 'alpine:3.20');
    assert.match(text, /^\*\*Image\*\* `alpine`/);
    assert.match(text, /\*\*Local image\*\*/);
    assert.match(text, /Id: `abcdef012345`/);
    assert.match(text, /Size: 7\.8 MB/);
    assert.match(text, /Created: .* \(2025-03-04 05:06:07 UTC\)/);
    assert.match(text, new RegExp(`Digest: \`alpine@sha256:${'7'.repeat(64)}\``));
  });

  it('shows the plain hover when the daemon has no such image, and never asks about stages', async () => {
    const text = markdown(await hoverAt(3, 7));
    assert.equal(asked[asked.length - 1], 'nginx:1.27');
    assert.match(text, /^\*\*Image\*\* `nginx`/);
    assert.doesNotMatch(text, /Local image/);
    const count = asked.length;
    assert.match(markdown(await hoverAt(2, 7)), /Stage `build`/);
    assert.match(markdown(await hoverAt(1, 2)), /^\*\*FROM\*\*/);
    assert.equal(asked.length, count);
  });
});
