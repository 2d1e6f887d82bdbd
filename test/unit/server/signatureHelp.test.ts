import * as assert from 'node:assert/strict';
import type { SignatureHelp } from 'vscode-languageserver-types';
import { renderedForms } from '../../../src/server/docs/forms';
import { signatureHelp } from '../../../src/server/features/signatureHelp';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const EOLS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const;

interface Shown {
  help: SignatureHelp | null;
  /** The active signature's label. */
  label: string;
  /** The active parameter's text in the label. */
  parameter: string;
}

/** Signature help at the `|` in `lines`, joined with `eol`. */
function helpAt(lines: readonly string[], eol: string): Shown {
  const row = lines.findIndex((line) => line.includes('|'));
  const column = (lines[row] ?? '').indexOf('|');
  const clean = lines.map((line, i) => (i === row ? line.replace('|', '') : line));
  const help = signatureHelp(parseDockerfile(clean.join(eol) + eol), { line: row, character: column });
  if (help === null) return { help, label: '', parameter: '' };
  const signature = help.signatures[help.activeSignature ?? 0];
  const label = signature?.label ?? '';
  const offsets = signature?.parameters?.[help.activeParameter ?? 0]?.label;
  const parameter = Array.isArray(offsets) ? label.slice(offsets[0], offsets[1]) : String(offsets ?? '');
  return { help, label, parameter };
}

describe('signature help', () => {
  for (const [name, eol] of EOLS) {
    describe(`with ${name} line endings`, () => {
      const at = (lines: readonly string[]): Shown => helpAt(lines, eol);

      it('shows every form of COPY with the source or the destination active', () => {
        const first = at(['FROM alpine', 'COPY |']);
        assert.equal(first.help?.signatures.length, 3);
        assert.match(first.label, /^COPY \[--from=<stage\|context\|image>\] .* <src>\.\.\. <dest>$/);
        assert.equal(first.parameter, '<src>...');
        assert.equal(at(['FROM alpine', 'COPY a |']).parameter, '<dest>');
        assert.equal(at(['FROM alpine', 'COPY a b c|']).parameter, '<dest>');
        assert.equal(at(['FROM alpine', 'COPY a| b c']).parameter, '<src>...');
        assert.equal(at(['FROM alpine', 'COPY a b| c']).parameter, '<src>...');
        assert.equal(at(['FROM alpine', 'COPY --from=build a |']).parameter, '<dest>');
      });

      it('picks the exec and heredoc forms from the text', () => {
        const exec = at(['FROM alpine', 'COPY ["a b", |']);
        assert.equal(exec.parameter, '["<src>", ..., "<dest>"]');
        const heredoc = at(['FROM alpine', 'COPY <<EOF /etc/|x', 'hello', 'EOF']);
        assert.match(heredoc.label, /<<EOF <dest>$/);
        assert.equal(heredoc.parameter, '<dest>');
        assert.equal(at(['FROM alpine', 'CMD ["a", |']).parameter, '["<executable>", "<arg>", ...]');
        assert.equal(at(['FROM alpine', 'CMD echo |']).parameter, '<command>');
        assert.equal(at(['FROM alpine', 'RUN echo |']).parameter, '<command>');
      });

      it('highlights the flag being written, also a partial one', () => {
        assert.equal(at(['FROM alpine', 'COPY --li|nk a b']).parameter, '--link[=<bool>]');
        assert.equal(at(['FROM alpine', 'COPY --ch|']).parameter, '--chown=<user>[:<group>]');
        assert.equal(at(['FROM alpine', 'HEALTHCHECK --ret|']).parameter, '--retries=<n>');
      });

      it('walks FROM: image, AS, name', () => {
        assert.equal(at(['FROM |']).parameter, '<image>[:<tag>|@<digest>]');
        assert.equal(at(['FROM --platform=$BUILDPLATFORM golang |']).parameter, 'AS');
        assert.equal(at(['FROM golang AS |']).parameter, '<name>');
        assert.match(at(['FROM |']).label, /\[AS <name>\]$/);
      });

      it('chooses the HEALTHCHECK NONE and legacy ENV forms', () => {
        assert.equal(at(['FROM alpine', 'HEALTHCHECK |']).parameter, 'CMD');
        assert.equal(at(['FROM alpine', 'HEALTHCHECK CMD curl |']).parameter, '<command>');
        assert.equal(at(['FROM alpine', 'HEALTHCHECK NONE|']).label, 'HEALTHCHECK NONE');
        assert.equal(at(['FROM alpine', 'ENV key val|ue']).label, 'ENV <key> <value>');
        assert.equal(at(['FROM alpine', 'ENV a=1 |']).parameter, '<key>=<value>...');
      });

      it('follows continuation lines and ONBUILD triggers', () => {
        assert.equal(at(['FROM alpine', 'COPY a \\', '  b |']).parameter, '<dest>');
        const trigger = at(['FROM alpine', 'ONBUILD COPY a |']);
        assert.match(trigger.label, /^COPY /);
        assert.equal(trigger.parameter, '<dest>');
        assert.match(at(['FROM alpine', 'ONBUILD |']).label, /^ONBUILD <INSTRUCTION>/);
      });

      it('shows the syntax of a flag value', () => {
        const chown = at(['FROM alpine', 'COPY --chown=|']);
        assert.equal(chown.label, '--chown=<user>[:<group>]');
        assert.equal(chown.parameter, '<user>[:<group>]');
        assert.equal(at(['FROM alpine', 'RUN --network=|']).label, '--network=<default|none|host>');
      });

      it('shows the --mount options of the written type, with the key being typed', () => {
        const cache = at(['FROM alpine', 'RUN --mount=type=cache,sh|']);
        assert.match(cache.label, /^--mount=type=cache\[,from=<string>\]/);
        assert.match(cache.label, /sharing=<shared\|private\|locked>/);
        assert.doesNotMatch(cache.label, /env=/);
        assert.equal(cache.parameter, 'sharing=<shared|private|locked>');
        const secret = at(['FROM alpine', 'RUN --mount=type=secret,id=x,d|st=/x echo']);
        assert.match(secret.label, /env=<string>/);
        assert.equal(secret.parameter, 'target=<string>');
        const bind = at(['FROM alpine', 'RUN --mount=|']);
        assert.match(bind.label, /^--mount=type=bind/);
        assert.equal(bind.parameter, 'type=bind');
      });

      it('says nothing on the keyword, outside instructions or in heredoc bodies', () => {
        assert.equal(at(['FROM alpine', 'CO|PY a b']).help, null);
        assert.equal(at(['FROM alpine', '', '|']).help, null);
        assert.equal(at(['FROM alpine', 'RUN <<EOF', 'echo |hi', 'EOF']).help, null);
        assert.equal(at(['FROM alpine', 'BOGUS |']).help, null);
        assert.equal(at(['FROM alpine', '# a comment |']).help, null);
      });
    });
  }

  it('renders parameter offsets that cut the labels at the parameters', () => {
    for (const keyword of ['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK', 'ENV', 'CMD']) {
      for (const form of renderedForms(keyword)) {
        for (const parameter of form.parameters) {
          const text = form.label.slice(...parameter.offsets);
          assert.ok(text.length > 0 && text.trim() === text, `${keyword}: ${JSON.stringify(text)}`);
          if (parameter.kind === 'flag') assert.ok(text.startsWith(`--${parameter.flag ?? ''}`), text);
        }
      }
    }
  });
});
