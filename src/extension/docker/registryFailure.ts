// What went wrong between the daemon and a registry during a pull or push, in words that name
// the registry and the credential's source, never the secret.
import type { RegistryCredential } from '../registries/credentials';
import type { Translate } from './layerProgress';
import { statusCode } from './errors';

/** The Engine's message of an error (its JSON body's `message`, or the error's text). */
function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'json' in err) {
    const json = (err as { json?: unknown }).json;
    if (
      typeof json === 'object' &&
      json !== null &&
      typeof (json as { message?: unknown }).message === 'string'
    ) {
      return (json as { message: string }).message;
    }
  }
  return err instanceof Error ? err.message : String(err);
}

const authFailure =
  /unauthorized|authentication required|no basic auth credentials|incorrect username or password|denied: requested access|access to the resource is denied|\b401\b/i;
const unreachable =
  /connection refused|no such host|i\/o timeout|network is unreachable|connection reset|no route to host|dial tcp|TLS handshake timeout|context deadline exceeded/i;

/**
 * A sentence for a registry failure, or undefined when the error is not about the registry
 * (the caller then describes it as any Engine error).
 */
export function describeRegistryFailure(
  err: unknown,
  what: {
    host: string;
    reference: string;
    action: 'pull' | 'push';
    credential: RegistryCredential | undefined;
  },
  t: Translate,
): string | undefined {
  const detail = messageOf(err).trim();
  const { host, reference, credential } = what;
  if (authFailure.test(detail) || statusCode(err) === 401) {
    if (credential !== undefined) {
      const who = credential.username !== '' ? credential.username : t('an identity token');
      return t(
        'The registry {0} refused the credentials ({1}, from {2}). Log in to {0} again with the right password or token.',
        host,
        who,
        credential.source,
      );
    }
    return t(
      "The registry {0} asks for credentials, and Docker has none for it. Log in to {0} first (Docker's config.json keeps the login).",
      host,
    );
  }
  if (/pull access denied|repository does not exist/i.test(detail)) {
    return t('{0} was not found in {1}, or that registry needs a login to see it.', reference, host);
  }
  if (/server gave HTTP response to HTTPS client/i.test(detail)) {
    return t(
      'The registry {0} speaks plain HTTP and Docker expects HTTPS: add {0} to the daemon\'s "insecure-registries".',
      host,
    );
  }
  if (/x509|certificate/i.test(detail)) {
    return t('Docker does not trust the certificate of the registry {0}: {1}', host, detail);
  }
  if (unreachable.test(detail)) {
    const reason =
      /connection refused|no such host|i\/o timeout|network is unreachable|no route to host/i.exec(detail);
    return t(
      'The registry {0} could not be reached from the Docker daemon ({1}).',
      host,
      reason !== null ? reason[0] : detail,
    );
  }
  if (/manifest unknown|not found/i.test(detail) && what.action === 'pull') {
    return t('{0} was not found in the registry {1}.', reference, host);
  }
  if (/no such image|An image does not exist locally/i.test(detail) && what.action === 'push') {
    return t('There is no local image {0} to push.', reference);
  }
  return undefined;
}
