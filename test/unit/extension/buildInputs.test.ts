import * as assert from 'node:assert/strict';
import {
  argsWithoutDefault,
  defaultTag,
  parseBuildArgs,
  stageChoices,
  stageNames,
} from '../../../src/extension/docker/buildInputs';

describe('build inputs', () => {
  it('names the stages a build can stop at, skipping flags, once each, lowercase', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS Build',
      'RUN go build',
      'from alpine as test # checks',
      'FROM scratch',
      'FROM build AS build',
      'FROM \\',
      '  busybox \\',
      '  AS final',
      'RUN echo FROM x AS not-a-stage',
    ].join('\n');
    assert.deepEqual(stageNames(text), ['build', 'test', 'final']);
    assert.deepEqual(stageNames('FROM alpine\nRUN true\n'), []);
  });

  it('lists the ARGs without a default and reads NAME=value answers', () => {
    assert.deepEqual(argsWithoutDefault('ARG A\nARG B=1 C\narg d\nRUN ARG E'), ['A', 'C', 'd']);
    assert.deepEqual(parseBuildArgs(' A=1  B= C=x=y '), { A: '1', B: '', C: 'x=y' });
    assert.equal(parseBuildArgs('A=1 oops'), undefined);
  });

  it('makes a default tag from a folder name', () => {
    assert.equal(defaultTag('My App!'), 'my-app:latest');
    assert.equal(defaultTag('---'), 'image:latest');
  });

  it("offers the whole Dockerfile, then the stages, with the last build's choice first while it exists", () => {
    const shown = (last: string | undefined): string[] =>
      stageChoices(['build', 'test'], last).map((c) => `${c.stage || '(whole)'}${c.last ? '*' : ''}`);
    assert.deepEqual(shown(undefined), ['(whole)', 'build', 'test']);
    assert.deepEqual(shown('test'), ['test*', '(whole)', 'build']);
    assert.deepEqual(shown(''), ['(whole)*', 'build', 'test']);
    assert.deepEqual(shown('gone'), ['(whole)', 'build', 'test']);
  });
});
