// Plain Engine objects for the tree logic tests.
import type {
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  VolumeSummary,
} from '../../../src/extension/docker/types';

export const now = Date.UTC(2026, 0, 10, 12, 0, 0);

export function container(over: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: 'abc123def4567890',
    name: 'web',
    image: 'nginx:1',
    imageId: 'sha256:11',
    command: 'nginx -g daemon off;',
    state: 'running',
    status: 'Up 2 minutes',
    health: 'none',
    created: now / 1000 - 120,
    labels: {},
    ports: [],
    networks: [],
    mounts: [],
    ...over,
  };
}

export function image(over: Partial<ImageSummary> = {}): ImageSummary {
  return {
    id: 'sha256:feedface00112233',
    repoTags: ['a:1'],
    repoDigests: [],
    dangling: false,
    size: 2_000_000,
    created: now / 1000 - 7200,
    labels: {},
    ...over,
  };
}

export function volume(over: Partial<VolumeSummary> = {}): VolumeSummary {
  return {
    name: 'data',
    driver: 'local',
    mountpoint: '/var/lib/docker/volumes/data/_data',
    scope: 'local',
    labels: {},
    ...over,
  };
}

export function network(over: Partial<NetworkSummary> = {}): NetworkSummary {
  return {
    id: 'n1',
    name: 'backend',
    driver: 'bridge',
    scope: 'local',
    internal: false,
    attachable: false,
    enableIPv6: false,
    subnets: [],
    created: '2026-01-10T12:00:00Z',
    labels: {},
    ...over,
  };
}
