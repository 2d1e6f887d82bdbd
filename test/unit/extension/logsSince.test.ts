import * as assert from 'node:assert/strict';
import { durationMs, engineSince } from '../../../src/extension/docker/logsSince';

describe('logs since', () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

  it('reads Go-style durations', () => {
    assert.equal(durationMs('10m'), 600_000);
    assert.equal(durationMs('1h30m'), 5_400_000);
    assert.equal(durationMs('1.5s'), 1500);
    assert.equal(durationMs('250ms'), 250);
    assert.equal(durationMs('10'), undefined);
    assert.equal(durationMs('10 m'), undefined);
    assert.equal(durationMs('m'), undefined);
  });

  it('gives the Engine seconds since the epoch for durations and dates, and keeps its own form', () => {
    const seconds = Math.floor(now / 1000);
    assert.equal(engineSince('10m', now), String(seconds - 600));
    assert.equal(engineSince('24h', now), String(seconds - 86_400));
    assert.equal(engineSince('1700000000.123456789', now), '1700000000.123456789');
    assert.equal(engineSince(' 1700000000 ', now), '1700000000');
    assert.equal(engineSince('2026-01-01T00:00:00Z', now), String(Date.UTC(2026, 0, 1) / 1000));
    assert.equal(engineSince('yesterday', now), 'yesterday');
  });
});
