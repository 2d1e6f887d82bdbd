import * as assert from 'node:assert/strict';
import { parseHost } from '../../../src/extension/docker/endpoint';
import { describeDockerError } from '../../../src/extension/docker/errors';

const unix = parseHost('unix:///run/docker.sock', 'setting');

function withCode(code: string): Error {
  return Object.assign(new Error(`connect ${code} /run/docker.sock`), { code });
}

describe('Docker error messages', () => {
  it('says Docker is not running when the socket is missing or refuses', () => {
    assert.equal(
      describeDockerError(withCode('ENOENT'), unix),
      'Docker is not running at unix:///run/docker.sock: the socket does not exist.',
    );
    assert.match(describeDockerError(withCode('ECONNREFUSED'), unix), /not running .* refused/);
  });

  it('explains permission errors with the docker group', () => {
    assert.match(describeDockerError(withCode('EACCES'), unix), /Permission denied .*"docker" group/);
  });

  it("uses the Engine's own message for HTTP errors", () => {
    const err = Object.assign(new Error('(HTTP code 404) no such container'), {
      statusCode: 404,
      json: { message: 'No such container: abc' },
    });
    assert.equal(describeDockerError(err, unix), 'Not found: No such container: abc');
    const conflict = Object.assign(new Error('x'), { statusCode: 409, json: { message: 'name in use' } });
    assert.equal(describeDockerError(conflict, unix), 'Conflict: name in use');
    const server = Object.assign(new Error('boom'), { statusCode: 500 });
    assert.equal(describeDockerError(server, unix), 'Docker at unix:///run/docker.sock answered 500: boom');
  });

  it('falls back to the error text', () => {
    assert.equal(describeDockerError('odd', unix), 'Docker at unix:///run/docker.sock: odd');
  });
});
