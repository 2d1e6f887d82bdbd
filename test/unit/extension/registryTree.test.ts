// The Registries view's pure parts: which registries appear, row ids and words, references,
// what an error row offers, the manifest document.
import * as assert from 'node:assert/strict';
import { manifestMarkdown } from '../../../src/extension/registries/manifestSummary';
import type { Manifest } from '../../../src/extension/registries/manifests';
import {
  apiHostOf,
  parseExtraRegistries,
  registryEntries,
  registryHostOf,
} from '../../../src/extension/registries/registryEntries';
import { TransportError } from '../../../src/extension/registries/transport';
import { RegistryError } from '../../../src/extension/registries/v2Client';
import { HubError } from '../../../src/extension/registries/dockerHub';
import {
  contextValueOf,
  digestReference,
  errorRow,
  platformLabel,
  platformNodes,
  registryNode,
  repositoryNode,
  tagDescription,
  tagNode,
  tagReference,
} from '../../../src/extension/views/registryNodes';

const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe('Registries view rows', () => {
  it('lists every config.json host once, the setting merged in with its TLS options, hidden ones left out', () => {
    const entries = registryEntries(
      [
        'https://index.docker.io/v1/',
        '127.0.0.1:5000',
        'ghcr.io',
        'registry-1.docker.io',
        'gone.example.com',
      ],
      [
        { url: 'https://registry.example.com:8443/v2/', caFile: '/etc/ca.pem' },
        { url: '127.0.0.1:5000', insecure: true },
        { url: 'not a host!' },
      ],
      ['gone.example.com'],
    );
    assert.deepEqual(
      entries.map((e) => [e.host, e.provider, e.insecure, e.caFile, e.sources.join('+')]),
      [
        ['docker.io', 'dockerHub', false, undefined, 'docker'],
        ['127.0.0.1:5000', 'generic', true, undefined, 'docker+setting'],
        ['ghcr.io', 'ghcr', false, undefined, 'docker'],
        ['registry.example.com:8443', 'generic', false, '/etc/ca.pem', 'setting'],
      ],
    );
    assert.equal(apiHostOf('docker.io'), 'registry-1.docker.io');
    assert.equal(apiHostOf('ghcr.io'), 'ghcr.io');
  });

  it('accepts hosts, host:port and URLs; refuses paths, ports out of range and junk', () => {
    assert.equal(registryHostOf('Registry.Example.com'), 'registry.example.com');
    assert.equal(registryHostOf('http://127.0.0.1:5000/'), '127.0.0.1:5000');
    assert.equal(registryHostOf('[::1]:5000'), '[::1]:5000');
    assert.equal(registryHostOf('docker.io'), 'docker.io');
    assert.equal(registryHostOf('host:99999'), undefined);
    assert.equal(registryHostOf('a b'), undefined);
    assert.equal(registryHostOf(''), undefined);
    assert.deepEqual(
      parseExtraRegistries(['h:1', { url: ' x ', insecure: true, caFile: ' ' }, { insecure: true }, 3]),
      [{ url: 'h:1' }, { url: 'x', insecure: true }],
    );
    assert.deepEqual(parseExtraRegistries('nope'), []);
  });

  it('gives stable ids and the references a user pulls (Docker Hub without host or library/)', () => {
    const [hub, local] = registryEntries(['docker.io', '127.0.0.1:5000'], [], []);
    assert.equal(registryNode(local).id, 'registry:127.0.0.1:5000');
    assert.equal(repositoryNode(local, 'a/b').id, 'registry:127.0.0.1:5000/repo:a/b');
    const tag = tagNode(local, 'a/b', 'v1');
    assert.equal(tag.id, 'registry:127.0.0.1:5000/repo:a/b:v1');
    assert.equal(tagReference(local, 'a/b', 'v1'), '127.0.0.1:5000/a/b:v1');
    assert.equal(tagReference(hub, 'library/alpine', '3'), 'alpine:3');
    assert.equal(tagReference(hub, 'me/app', '3'), 'me/app:3');
    assert.equal(digestReference(local, 'a/b', digest('a')), `127.0.0.1:5000/a/b@${digest('a')}`);
    assert.equal(contextValueOf(registryNode(local), true, true), 'registry.loggedIn.removable');
    assert.equal(contextValueOf(tag, false, false), 'registryTag');
  });

  it('describes a tag by digest, size and age, an index by its platforms, and each platform', () => {
    const [entry] = registryEntries(['127.0.0.1:5000'], [], []);
    const image: Manifest = {
      kind: 'image',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'c', digest: digest('c'), size: 500 },
      layers: [{ mediaType: 'l', digest: digest('d'), size: 1_500_000 }],
    };
    const now = Date.parse('2026-01-04T00:00:00Z');
    assert.equal(
      tagDescription(
        { digest: digest('a'), manifest: image, config: { created: '2026-01-01T00:00:00Z', labels: {} } },
        now,
      ),
      'aaaaaaaaaaaa · 1.50 MB · 3 days ago',
    );
    assert.equal(tagDescription(undefined, now), '');
    const index: Manifest = {
      kind: 'index',
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'm', digest: digest('1'), size: 400, platform: { os: 'linux', architecture: 'amd64' } },
        {
          mediaType: 'm',
          digest: digest('2'),
          size: 410,
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        },
      ],
    };
    assert.equal(
      tagDescription({ digest: digest('b'), manifest: index }, now),
      'bbbbbbbbbbbb · index · 2 platforms',
    );
    const tag = tagNode(entry, 'multi', 'v1');
    const rows = platformNodes(tag, index.kind === 'index' ? index.manifests : []);
    assert.deepEqual(
      rows.map((r) => r.id),
      [`${tag.id}@${digest('1')}`, `${tag.id}@${digest('2')}`],
    );
    assert.deepEqual(platformLabel(index.manifests[1]), {
      label: 'linux/arm64/v8',
      description: '222222222222 · 410 B',
    });
  });

  it('turns failures into rows with a way forward', () => {
    assert.deepEqual(errorRow(new RegistryError('r requires a login', 'r', 401, 'auth')), {
      text: 'r requires a login',
      action: 'logIn',
    });
    assert.equal(
      errorRow(
        new TransportError(
          'the TLS certificate of r is not signed by a trusted CA',
          'SELF_SIGNED_CERT_IN_CHAIN',
        ),
      ).action,
      'configureTls',
    );
    assert.equal(errorRow(new TransportError('refusing plain HTTP to r:80: …')).action, 'configureTls');
    assert.equal(errorRow(new TransportError('r refused the connection', 'ECONNREFUSED')).action, 'retry');
    assert.equal(errorRow(new RegistryError('r has no catalog', 'r', 404, 'notFound')).action, undefined);
    assert.equal(errorRow(new HubError('Docker Hub refused', 401)).action, 'logIn');
    assert.equal(errorRow(new Error('boom')).text, 'boom');
  });

  it('writes the manifest document: platforms of an index, layers and labels of an image', () => {
    const image: Manifest = {
      kind: 'image',
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'c', digest: digest('c'), size: 1234 },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          digest: digest('d'),
          size: 1_000_000,
        },
      ],
    };
    const text = manifestMarkdown('127.0.0.1:5000/x:1', digest('a'), image, {
      os: 'linux',
      architecture: 'amd64',
      created: '2026-01-01T00:00:00Z',
      labels: { 'a|b': 'c\nd' },
    });
    assert.match(text, /^# 127\.0\.0\.1:5000\/x:1\n/);
    assert.match(text, /Size \(config and compressed layers\): 1,001,234 B/);
    assert.match(text, /Platform: linux\/amd64/);
    assert.match(text, /## Layers \(1\)/);
    assert.match(text, /\| a\\\|b \| c d \|/);
    const index: Manifest = {
      kind: 'index',
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'm',
          digest: digest('1'),
          size: 400,
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
        },
      ],
    };
    assert.match(
      manifestMarkdown('r/x:1', digest('b'), index),
      /\| linux\/arm\/v7 \| `sha256:1{64}` \| 400 B \|/,
    );
  });
});
