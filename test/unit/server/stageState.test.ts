import * as assert from 'node:assert/strict';
import { StageStates, joinWorkdir } from '../../../src/server/semantics/stageState';
import { stagesOf } from '../../../src/server/semantics/stages';
import { parseDockerfile } from '../../../src/server/syntax/parser';

describe('stage state (WORKDIR, SHELL)', () => {
  it('joins relative WORKDIRs onto the current one', () => {
    assert.equal(joinWorkdir(undefined, 'app'), '/app');
    assert.equal(joinWorkdir('/srv', 'app'), '/srv/app');
    assert.equal(joinWorkdir('/srv/', '"x"'), '/srv/x');
    assert.equal(joinWorkdir('/srv', '/abs'), '/abs');
    assert.equal(joinWorkdir('/srv', 'C:\\app'), 'C:\\app');
  });

  it('tracks WORKDIR and SHELL per stage and carries them into stages built on a stage', () => {
    const doc = parseDockerfile(
      [
        'FROM alpine AS base',
        'WORKDIR /srv',
        'SHELL ["/bin/bash", "-c"]',
        'WORKDIR app',
        'RUN pwd',
        'FROM base AS child',
        'RUN pwd',
        'FROM alpine',
        'RUN pwd',
      ].join('\n'),
    );
    const model = stagesOf(doc.instructions);
    const states = new StageStates(model);
    const runs = doc.instructions.filter((i) => i.keyword === 'RUN');
    assert.deepEqual(states.at(runs[0]), { workdir: '/srv/app', shell: ['/bin/bash', '-c'] });
    assert.deepEqual(states.at(runs[1]), { workdir: '/srv/app', shell: ['/bin/bash', '-c'] });
    assert.deepEqual(states.at(runs[2]), { workdir: undefined, shell: undefined });
  });

  it('does not loop on a stage named like its own base', () => {
    const doc = parseDockerfile('FROM a AS a\nWORKDIR /x\nRUN pwd\n');
    const states = new StageStates(stagesOf(doc.instructions));
    assert.equal(states.at(doc.instructions[2]).workdir, '/x');
  });
});
