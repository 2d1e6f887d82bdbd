import * as assert from 'node:assert/strict';
import { daemonRow, daemonState, messageRow } from '../../../src/extension/views/daemonRows';
import {
  attachedContainers,
  endpointAddresses,
  endpointRow,
} from '../../../src/extension/views/networkEndpoints';
import { container, network } from './explorerFixtures';

const t = (message: string): string => message;

describe('explorer daemon roots and network attachments', () => {
  const base = {
    id: 'tcp://127.0.0.1:2376',
    label: 'remote',
    endpoint: 'tcp://127.0.0.1:2376',
    connection: 'connected' as const,
    model: 'ready' as const,
    reason: undefined,
  };

  it('names a daemon root by label and endpoint, with its state in the context value', () => {
    const row = daemonRow(base, t);
    assert.deepEqual(
      [row.id, row.label, row.description, row.icon, row.contextValue],
      ['daemon:tcp://127.0.0.1:2376:', 'remote', 'tcp://127.0.0.1:2376', 'server', 'daemon.ready'],
    );
    assert.equal(daemonRow({ ...base, label: base.endpoint }, t).description, '');
    assert.equal(daemonRow({ ...base, connection: 'connecting' }, t).contextValue, 'daemon.connecting');
  });

  it('says what failed on the root of an unreachable daemon', () => {
    const reason = 'Docker is not running at tcp://127.0.0.1:2376: the connection was refused.';
    const down = daemonRow({ ...base, connection: 'unreachable', reason }, t);
    assert.equal(down.contextValue, 'daemon.unreachable');
    assert.equal(down.description, 'tcp://127.0.0.1:2376 · unreachable');
    assert.equal(down.icon, 'warning');
    assert.match(down.tooltip ?? '', /connection was refused/);
    // The connection is fine but the model lost the daemon (its event stream broke).
    assert.equal(daemonState({ connection: 'connected', model: 'unreachable' }), 'unreachable');
    assert.equal(daemonState({ connection: 'connected', model: 'loading' }), 'ready');
    assert.equal(messageRow('d', 'warning', reason).id, 'message:d:state');
  });

  it('finds the containers on a network by network id, or by name before they first ran', () => {
    const net = network({ id: 'n1', name: 'back' });
    const running = container({
      id: 'r',
      networks: [
        { name: 'back', networkId: 'n1', ipv4: '172.18.0.2', ipv4PrefixLength: 16, ipv6: 'fd00::2' },
      ],
    });
    const fresh = container({ id: 'f', state: 'created', networks: [{ name: 'back', networkId: '' }] });
    const elsewhere = container({ id: 'e', networks: [{ name: 'front', networkId: 'n2' }] });
    const sameNameOtherId = container({ id: 'x', networks: [{ name: 'back', networkId: 'old' }] });
    const found = attachedContainers(net, [running, fresh, elsewhere, sameNameOtherId]);
    assert.deepEqual(
      found.map((a) => a.container.id),
      ['r', 'f'],
    );
    assert.equal(endpointAddresses(found[0].endpoint), '172.18.0.2/16, fd00::2');
    assert.equal(endpointAddresses(found[1].endpoint), '');
    const row = endpointRow('d', net, running, found[0].endpoint);
    assert.deepEqual(
      [row.id, row.label, row.description, row.contextValue],
      ['endpoint:d:n1/r', 'web', '172.18.0.2/16, fd00::2', 'network.container.running'],
    );
  });
});
