/** Builds a realistic multi-stage Dockerfile of about `lines` lines for benchmarks. */
export function generateDockerfile(lines: number): string {
  const out: string[] = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE_VERSION=3.20',
    'ARG APP_ENV=production',
    '',
  ];
  let stage = 0;
  while (out.length < lines) {
    const name = `stage${stage}`;
    const from = stage === 0 ? 'alpine:${BASE_VERSION}' : `stage${stage - 1}`;
    out.push(
      `FROM ${from} AS ${name}`,
      `ARG APP_ENV`,
      `ARG VERSION_${stage}=1.${stage}.0`,
      `ENV APP_HOME=/srv/app${stage} \\`,
      `    APP_VERSION=\${VERSION_${stage}} \\`,
      `    PATH=/srv/app${stage}/bin:$PATH`,
      `LABEL org.opencontainers.image.title="service ${stage}" \\`,
      `      org.opencontainers.image.version="\${VERSION_${stage}}"`,
      `WORKDIR $APP_HOME`,
      `# install the toolchain for stage ${stage}`,
      `RUN apk add --no-cache \\`,
      `        curl=8.5.0-r0 \\`,
      `        git=2.43.0-r0 \\`,
      `        make=4.4.1-r2 \\`,
      `    && mkdir -p /srv/app${stage}/bin \\`,
      `    && echo "building $APP_ENV" > /srv/app${stage}/README`,
      `RUN --mount=type=cache,target=/root/.cache,id=cache${stage} \\`,
      `    --mount=type=bind,source=src,target=/src \\`,
      `    make -C /src build OUT=/srv/app${stage}/bin`,
      `COPY --chown=1000:1000 --chmod=0755 scripts/ /srv/app${stage}/scripts/`,
      stage === 0 ? `COPY config.yaml /etc/app/config.yaml` : `COPY --from=stage${stage - 1} /srv /srv`,
      `RUN <<EOF`,
      `set -eu`,
      `adduser -D -u 1000 app${stage}`,
      `chown -R app${stage} /srv/app${stage}`,
      `EOF`,
      `EXPOSE ${8000 + (stage % 1000)}/tcp`,
      `HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\`,
      `    CMD ["wget", "-q", "-O", "-", "http://localhost:${8000 + (stage % 1000)}/health"]`,
      `USER app${stage}`,
      `ENTRYPOINT ["/srv/app${stage}/bin/server"]`,
      `CMD ["--port", "${8000 + (stage % 1000)}"]`,
      '',
    );
    stage++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** A generated Dockerfile of at least `bytes` characters. */
export function generateDockerfileOfSize(bytes: number): string {
  const sample = generateDockerfile(4800);
  return generateDockerfile(Math.ceil((4800 * bytes) / sample.length) + 40);
}
