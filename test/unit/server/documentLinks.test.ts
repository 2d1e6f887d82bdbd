import * as assert from 'node:assert/strict';
import { documentLinks, imagePageUrl } from '../../../src/server/features/documentLinks';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const EOLS: ReadonlyArray<readonly [string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
];

describe('document links', () => {
  it('knows the page of each registry', () => {
    const url = (text: string): string | undefined => imagePageUrl(text)?.url;
    assert.equal(url('alpine'), 'https://hub.docker.com/_/alpine');
    assert.equal(url('alpine:3.20@sha256:' + 'a'.repeat(64)), 'https://hub.docker.com/_/alpine');
    assert.equal(url('docker.io/library/debian:12'), 'https://hub.docker.com/_/debian');
    assert.equal(url('index.docker.io/library/debian'), 'https://hub.docker.com/_/debian');
    assert.equal(url('bitnami/redis:7'), 'https://hub.docker.com/r/bitnami/redis');
    assert.equal(url('docker.io/bitnami/redis'), 'https://hub.docker.com/r/bitnami/redis');
    assert.equal(url('ghcr.io/owner/tool:1'), 'https://ghcr.io/owner/tool');
    assert.equal(url('ghcr.io/owner/group/tool'), 'https://ghcr.io/owner/group/tool');
    assert.equal(
      url('quay.io/prometheus/node-exporter:v1'),
      'https://quay.io/repository/prometheus/node-exporter',
    );
    assert.equal(
      url('mcr.microsoft.com/dotnet/sdk:8.0'),
      'https://mcr.microsoft.com/artifact/mar/dotnet/sdk',
    );
    for (const none of [
      'scratch',
      '$BASE',
      '${REG}/app',
      'registry.example.com/app',
      'localhost:5000/a',
      'UPPER',
      '',
    ]) {
      assert.equal(url(none), undefined, none);
    }
  });

  for (const [name, eol] of EOLS) {
    it(`links FROM images and COPY --from images, not stages or variables (${name})`, () => {
      const source = [
        'ARG BASE=alpine',
        'FROM golang:1.22 AS build',
        'FROM $BASE AS base',
        'FROM build AS test',
        'COPY --from=build /a /b',
        'COPY --from=0 /a /b',
        'COPY --from=quay.io/org/tool:1 /t /t',
        'ONBUILD COPY --from=alpine /x /y',
        'FROM scratch',
        'FROM mcr.microsoft.com/dotnet/runtime:8.0',
      ].join('\n');
      const links = documentLinks(parseDockerfile(source.replace(/\n/g, eol)));
      assert.deepEqual(
        links.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, l.target]),
        [
          [1, 5, 16, 'https://hub.docker.com/_/golang'],
          [6, 12, 30, 'https://quay.io/repository/org/tool'],
          [9, 5, 41, 'https://mcr.microsoft.com/artifact/mar/dotnet/runtime'],
        ],
      );
      assert.equal(links[0]?.tooltip, 'Open golang:1.22 on Docker Hub');
    });
  }

  it('never throws on odd FROM lines', () => {
    for (const odd of [
      'FROM',
      'FROM :',
      'FROM @',
      'FROM a/',
      'FROM //',
      'FROM ghcr.io',
      'COPY --from= a b',
    ]) {
      assert.ok(Array.isArray(documentLinks(parseDockerfile(odd))));
    }
  });
});
