#!/usr/bin/env node
// The test environment's token server for the registry configured with `auth: token`: checks
// Basic credentials, grants what each identity may do, and signs ES256 JWTs with the key whose
// certificate is the registry's root certificate bundle. Listens on loopback only.
//
// Usage: node scripts/tokenServer.mjs <config.json>
// The config names: port, issuer, service, key (PEM path), cert (PEM path), and users:
// { "<name>": { "password": "…", "actions": ["pull", "push", "delete"], "catalog": true } };
// `publicPrefix` is a repository prefix anyone may pull from without credentials.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  timingSafeEqual,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const privateKey = createPrivateKey(readFileSync(config.key));
const tokenLifetimeSeconds = 300;

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes) {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

// The registry finds the verifying key by `kid`: the key ID of each certificate in its bundle,
// worked out as the registry does (SHA-256 of the DER public key, first 240 bits, base32 in
// colon-separated groups of four).
function keyId(publicKey) {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const encoded = base32(createHash('sha256').update(der).digest().subarray(0, 30));
  return encoded.match(/.{1,4}/g).join(':');
}

const kid = keyId(createPublicKey(readFileSync(config.cert)));

function b64url(data) {
  return Buffer.from(data).toString('base64url');
}

function signJwt(claims) {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid }));
  const payload = b64url(JSON.stringify(claims));
  // JWS wants the raw r||s form of an ECDSA signature, not DER.
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${header}.${payload}.${b64url(signature)}`;
}

function sameText(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The identity of a request: undefined for anonymous, null for wrong credentials. */
function identify(authorization) {
  if (authorization === undefined) return undefined;
  const match = /^Basic\s+(\S+)$/i.exec(authorization);
  if (match === null) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const name = decoded.slice(0, colon);
  const user = config.users[name];
  if (user === undefined || !sameText(user.password, decoded.slice(colon + 1))) return null;
  return { name, ...user };
}

/** What an identity may do with a resource: the requested actions it holds. */
function grant(identity, type, name, requested) {
  if (type === 'registry' && name === 'catalog') {
    return identity?.catalog === true ? requested.filter((a) => a === '*') : [];
  }
  if (type !== 'repository') return [];
  const allowed = new Set(identity?.actions ?? []);
  if (typeof config.publicPrefix === 'string' && name.startsWith(config.publicPrefix)) allowed.add('pull');
  return requested.filter((action) => allowed.has(action));
}

/** `repository:<name>:<actions>` (names may hold a port-free host part; the last colon splits). */
function parseScope(scope) {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter((a) => a !== ''),
  };
}

function answer(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://token.invalid');
  if (url.pathname !== '/token' || req.method !== 'GET') {
    answer(res, 404, { details: 'only GET /token is served' });
    return;
  }
  const identity = identify(req.headers.authorization);
  if (identity === null) {
    answer(
      res,
      401,
      { details: 'incorrect username or password' },
      { 'www-authenticate': 'Basic realm="dockwright-token"' },
    );
    return;
  }
  if (url.searchParams.get('service') !== config.service) {
    answer(res, 400, { details: `unknown service ${url.searchParams.get('service')}` });
    return;
  }
  const access = [];
  for (const text of url.searchParams.getAll('scope').flatMap((s) => s.split(' '))) {
    const scope = parseScope(text);
    if (scope === undefined) continue;
    access.push({
      type: scope.type,
      name: scope.name,
      actions: grant(identity, scope.type, scope.name, scope.actions),
    });
  }
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt({
    iss: config.issuer,
    sub: identity?.name ?? '',
    aud: config.service,
    exp: now + tokenLifetimeSeconds,
    nbf: now - 5,
    iat: now,
    jti: randomBytes(12).toString('hex'),
    access,
  });
  answer(res, 200, {
    token,
    access_token: token,
    expires_in: tokenLifetimeSeconds,
    issued_at: new Date(now * 1000).toISOString(),
  });
});

server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`token server on 127.0.0.1:${config.port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
