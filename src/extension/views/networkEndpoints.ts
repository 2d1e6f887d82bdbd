// Pure: which containers are attached to a network, and how each attachment is shown.
import type { ContainerNetwork, ContainerSummary, NetworkSummary } from '../docker/types';
import { shortId } from './format';
import { nodeId } from './ids';
import type { RowPresentation } from './labels';

/** A container attached to a network, with its settings there. */
export interface Attachment {
  container: ContainerSummary;
  endpoint: ContainerNetwork;
}

/**
 * The containers attached to a network, read from the containers' own network settings (the
 * network listing does not carry them). A container that has never started knows the network
 * only by name.
 */
export function attachedContainers(
  network: NetworkSummary,
  containers: Iterable<ContainerSummary>,
): Attachment[] {
  const out: Attachment[] = [];
  for (const container of containers) {
    const endpoint = container.networks.find((n) =>
      n.networkId !== '' ? n.networkId === network.id : n.name === network.name,
    );
    if (endpoint !== undefined) {
      out.push({ container, endpoint });
    }
  }
  return out;
}

/** `172.18.0.2/16, fd00::2` or '' before the container has run. */
export function endpointAddresses(endpoint: ContainerNetwork): string {
  const v4 =
    endpoint.ipv4 !== undefined
      ? `${endpoint.ipv4}${endpoint.ipv4PrefixLength ? `/${endpoint.ipv4PrefixLength}` : ''}`
      : '';
  return [v4, endpoint.ipv6 ?? ''].filter((a) => a !== '').join(', ');
}

/** A container under a network: its name and its addresses there. */
export function endpointRow(
  daemon: string,
  network: NetworkSummary,
  container: ContainerSummary,
  endpoint: ContainerNetwork,
): RowPresentation {
  const addresses = endpointAddresses(endpoint);
  return {
    id: nodeId('endpoint', daemon, `${network.id}/${container.id}`),
    label: container.name || shortId(container.id),
    description: addresses,
    tooltip: [container.name, addresses, endpoint.macAddress ?? ''].filter((s) => s !== '').join('\n'),
    icon: 'vm',
    contextValue: `network.container.${container.state || 'unknown'}`,
  };
}
