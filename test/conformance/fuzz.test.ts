// Property tests: random text and mutations of real Dockerfiles never make the parser or any
// rule throw, and the work stays linear in the input size.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDockerfile } from '../../src/server/syntax/parser';
import { diagnose } from '../../src/server/rules/diagnose';
import { loadCorpus } from './support';

const keywords = [
  'FROM',
  'RUN',
  'COPY',
  'ADD',
  'ENV',
  'ARG',
  'LABEL',
  'ONBUILD',
  'HEALTHCHECK',
  'SHELL',
  'CMD',
  'USER',
  'WORKDIR',
  'EXPOSE',
  'VOLUME',
  'STOPSIGNAL',
  'MAINTAINER',
  'ENTRYPOINT',
];
const pieces = [
  ...keywords,
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\\',
  '`',
  '#',
  '# escape=`\n',
  '# syntax=docker/dockerfile:1\n',
  '# check=skip=all;error=true\n',
  '# hadolint ignore=DL3008\n',
  '<<EOF',
  '<<-"EOF"',
  '3<<X',
  'EOF\n',
  '[',
  ']',
  '"',
  "'",
  ',',
  '=',
  '--mount=type=cache,target=/x',
  '--from=',
  '--platform=$BUILDPLATFORM',
  '$',
  '${',
  '}',
  ':-',
  '##',
  '%%',
  '//',
  'AS',
  'as',
  'apt-get install -y',
  '&&',
  '|',
  ';',
  'alpine:3.20',
  'scratch',
  '@sha256:',
  '\u00a0',
  '\uFEFF',
  '☃',
  '\u0000',
];

function lintAll(text: string): void {
  const failures: string[] = [];
  diagnose(parseDockerfile(text), {}, failures);
  assert.deepEqual(failures, [], 'a rule family failed');
}

describe('fuzz: parser and rules never throw', function () {
  it('random text', function () {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => lintAll(text)),
      { numRuns: 400 },
    );
  });

  it('random Dockerfile-shaped text', function () {
    const arbitrary = fc.array(fc.constantFrom(...pieces), { maxLength: 120 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(arbitrary, (text) => lintAll(text)),
      { numRuns: 600 },
    );
  });

  it('mutations of the corpus (cuts, deletions, duplications, inserted pieces)', function () {
    const corpus = loadCorpus();
    if (corpus === undefined) this.skip();
    const texts = corpus.map(([, text]) => text);
    const mutated = fc
      .tuple(
        fc.constantFrom(...texts),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...pieces),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([text, a, b, piece, kind]) => {
        const i = a % (text.length + 1);
        const j = b % (text.length + 1);
        const [from, to] = i < j ? [i, j] : [j, i];
        if (kind === 0) return text.slice(0, from);
        if (kind === 1) return text.slice(0, from) + text.slice(to);
        if (kind === 2) return text.slice(0, to) + text.slice(from, to) + text.slice(to);
        return text.slice(0, from) + piece + text.slice(from);
      });
    fc.assert(
      fc.property(mutated, (text) => lintAll(text)),
      { numRuns: 300 },
    );
  });

  it('stays linear: ten times the input costs well under a hundred times the work', function () {
    const unit = [
      'FROM alpine AS a',
      'RUN apt-get update && apt-get install -y curl \\',
      '  && echo "$HOME" ${X:-y}',
      'COPY --from=a /a /b',
      'ENV A=1 B="2 3"',
      '',
    ].join('\n');
    // Pathological shapes too: long lines, deep continuations, many quotes.
    const repeated = (shape: string) => (copies: number) => shape.repeat(copies);
    const shapes: Array<{ name: string; text: (copies: number) => string }> = [
      unit,
      'RUN ' + 'a \\\n'.repeat(5) + 'b\n',
      'ENV A="' + '\\"'.repeat(50) + '"\n',
      'LABEL ' + 'k=v '.repeat(40) + '\n',
    ].map((shape) => ({ name: shape.slice(0, 30), text: repeated(shape) }));
    // A chain of distinct stages, each copying from the one before it.
    shapes.push({
      name: 'stage chain',
      // Ten stages per copy: a quadratic look-up only shows against thousands of stages.
      text: (copies) =>
        Array.from(
          { length: copies * 10 },
          (_, i) => `FROM ${i === 0 ? 'alpine' : `s${i - 1}`} AS s${i}\nCOPY --from=s${i - 1} /a /a\n`,
        ).join(''),
    });
    for (const shape of shapes) {
      const time = (copies: number): number => {
        const text = shape.text(copies);
        // The best of three runs keeps scheduling and GC noise out of the ratio.
        let best = Infinity;
        for (let run = 0; run < 3; run++) {
          const start = process.hrtime.bigint();
          lintAll(text);
          best = Math.min(best, Number(process.hrtime.bigint() - start));
        }
        return best;
      };
      time(50);
      // A quadratic step costs ~100× at every attempt; noise and garbage collection only push a
      // single measurement up, so the shape passes when any of three attempts stays under 40×.
      const ratios: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const small = Math.max(time(100), 1);
        ratios.push(time(1000) / small);
        if (ratios[ratios.length - 1] < 40) break;
      }
      const best = Math.min(...ratios);
      assert.ok(best < 40, `10× input cost ${best.toFixed(1)}× the time for ${JSON.stringify(shape.name)}`);
    }
  });
});
