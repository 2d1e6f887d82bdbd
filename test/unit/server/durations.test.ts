import * as assert from 'node:assert/strict';
import { parseGoDuration } from '../../../src/server/syntax/durations';

function ns(text: string): bigint | string {
  const result = parseGoDuration(text);
  return result.ok ? result.nanoseconds : result.error;
}

describe('Go durations', () => {
  it('reads units, fractions, signs and sums', () => {
    assert.equal(ns('30s'), 30_000_000_000n);
    assert.equal(ns('1m30s'), 90_000_000_000n);
    assert.equal(ns('1.5h'), 5_400_000_000_000n);
    assert.equal(ns('.5s'), 500_000_000n);
    assert.equal(ns('1.s'), 1_000_000_000n);
    assert.equal(ns('-2ms'), -2_000_000n);
    assert.equal(ns('+3us'), 3_000n);
    assert.equal(ns('1\u00b5s'), 1_000n);
    assert.equal(ns('1\u03bcs'), 1_000n);
    assert.equal(ns('10ns'), 10n);
    assert.equal(ns('0'), 0n);
    assert.equal(ns('-0'), 0n);
    assert.equal(ns('0s'), 0n);
    assert.equal(ns('1h2m3s4ms5us6ns'), 3_723_004_005_006n);
  });

  it('rejects what Go rejects, with its messages', () => {
    assert.equal(ns(''), 'time: invalid duration ""');
    assert.equal(ns('-'), 'time: invalid duration "-"');
    assert.equal(ns('1'), 'time: missing unit in duration "1"');
    assert.equal(ns('10'), 'time: missing unit in duration "10"');
    assert.equal(ns('1x'), 'time: unknown unit "x" in duration "1x"');
    assert.equal(ns('1S'), 'time: unknown unit "S" in duration "1S"');
    assert.equal(ns('s'), 'time: invalid duration "s"');
    assert.equal(ns('.s'), 'time: invalid duration ".s"');
    assert.equal(ns('1s2'), 'time: missing unit in duration "1s2"');
    assert.equal(ns('abc'), 'time: invalid duration "abc"');
    assert.equal(ns('$INTERVAL'), 'time: invalid duration "$INTERVAL"');
  });

  it('keeps to signed 64-bit nanoseconds', () => {
    assert.equal(ns('9223372036854775807ns'), 9_223_372_036_854_775_807n);
    assert.equal(ns('9223372036854775808ns'), 'time: invalid duration "9223372036854775808ns"');
    assert.equal(ns('-9223372036854775808ns'), -9_223_372_036_854_775_808n);
    assert.equal(ns('2562048h'), 'time: invalid duration "2562048h"');
    assert.equal(ns('2562047h'), 9_223_369_200_000_000_000n);
    assert.equal(ns('0.100000000000000000000001s'), 100_000_000n);
  });
});
