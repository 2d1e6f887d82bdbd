#!/usr/bin/env bash
# The Docker test environment: a private dockerd on its own socket and on 127.0.0.1:2376 with
# --tlsverify (CA, server and client certificates made by openssl), three local registries
# (127.0.0.1:5000 with htpasswd auth, 127.0.0.1:5001 open, 127.0.0.1:5002 with token auth whose
# tokens come from scripts/tokenServer.mjs on 127.0.0.1:5003), two seed images built FROM scratch on
# a static busybox and pushed to the first two, an sshd on 127.0.0.1:2222 whose sessions reach the daemon
# (`docker system dial-stdio`), a second independent dockerd, and a DOCKER_CONFIG with contexts
# made by `docker context create`. Everything lives in one folder; the system daemon, any other
# dockerd and ~/.docker are left alone. `start` writes <folder>/env.sh to be sourced.
#
# Usage: bash scripts/env.sh start|stop|status     (status exits 3 when a part is not running)
# Environment: DOCKWRIGHT_ENV_DIR (default /tmp/dockwright-env). Keep it short: containerd's
# sockets live below it and a unix socket path must fit in 108 bytes. To run a second environment
# beside the first, also move its ports and second socket: DOCKWRIGHT_ENV_REGISTRY_PORT (5000),
# DOCKWRIGHT_ENV_REGISTRY_OPEN_PORT (5001), DOCKWRIGHT_ENV_REGISTRY_TOKEN_PORT (registry port + 2)
# and DOCKWRIGHT_ENV_TOKEN_SERVER_PORT (registry port + 3), DOCKWRIGHT_ENV_TLS_PORT (2376),
# DOCKWRIGHT_ENV_SSH_PORT (2222), DOCKWRIGHT_ENV_SOCKET_2 (<folder>/docker2.sock).
set -euo pipefail

dir="${DOCKWRIGHT_ENV_DIR:-/tmp/dockwright-env}"
dir="${dir%/}"
case "$dir" in
  /*) ;;
  *) dir="$PWD/$dir" ;;
esac
sock="$dir/docker.sock"
sock2="${DOCKWRIGHT_ENV_SOCKET_2:-$dir/docker2.sock}"
user=dockwright
password=dockwright-test-pass
auth_registry=127.0.0.1:${DOCKWRIGHT_ENV_REGISTRY_PORT:-5000}
open_registry=127.0.0.1:${DOCKWRIGHT_ENV_REGISTRY_OPEN_PORT:-5001}
# The token-auth registry and its token server sit beside the Basic one unless moved.
token_registry=127.0.0.1:${DOCKWRIGHT_ENV_REGISTRY_TOKEN_PORT:-$((${auth_registry#*:} + 2))}
token_addr=127.0.0.1:${DOCKWRIGHT_ENV_TOKEN_SERVER_PORT:-$((${auth_registry#*:} + 3))}
token_service=dockwright-token-registry
token_issuer=dockwright-token-server
reader=dockwright-reader
reader_password=dockwright-reader-pass
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tokendir="$dir/token"
tls_addr=127.0.0.1:${DOCKWRIGHT_ENV_TLS_PORT:-2376}
ssh_port=${DOCKWRIGHT_ENV_SSH_PORT:-2222}
tls="$dir/tls"
sshdir="$dir/ssh"
cli_config="$dir/cli-config"
# The default folder keeps its historical containerd namespace; another folder gets its own.
if [ "$dir" = /tmp/dockwright-env ]; then ns=dockwright; else ns="dockwright-$(printf '%s' "$dir" | sha256sum | cut -c1-8)"; fi
seeds=(plain service)
applets=(sh ls cat echo sleep true false env ps kill test mkdir rm wget httpd hostname id)

log() { printf 'env: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 1
}

# --- processes ----------------------------------------------------------------------------------

# Prints the pid recorded in a pidfile when that process is alive and is one of ours (its command
# line names our folder), so a recycled pid is never mistaken for ours.
live_pid() {
  local file="$dir/$1.pid" pid
  [ -s "$file" ] || return 1
  pid="$(tr -dc 0-9 <"$file")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir" || return 1
  printf '%s\n' "$pid"
}

# Pids of the daemons we start and their helpers (containerd, its shims) whose command line names
# our folder; an editor or `tail -f` on one of our files is not among them.
our_processes() {
  local entry comm args
  for entry in /proc/[0-9]*; do
    comm="$(cat "$entry/comm" 2>/dev/null)" || continue
    case "$comm" in
      dockerd | containerd | containerd-shim* | docker-registry | sshd) ;;
      *) continue ;;
    esac
    args="$(tr '\0' ' ' <"$entry/cmdline" 2>/dev/null)" || continue
    case "$args" in
      *"$dir/"*) printf '%s\n' "${entry#/proc/}" ;;
    esac
  done
}

# Ends processes by pid: TERM, up to <seconds> to exit, then KILL.
end_pids() {
  local seconds="$1"
  shift
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  local deadline=$((SECONDS + seconds)) pid left
  while :; do
    left=()
    for pid in "$@"; do
      [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && left+=("$pid")
    done
    [ ${#left[@]} -eq 0 ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "killing ${left[*]} (no exit after TERM within ${seconds}s)"
      kill -KILL "${left[@]}" 2>/dev/null || true
      return 0
    fi
    sleep 0.1
  done
}

# Polls a command until it succeeds or <seconds> pass.
wait_for() {
  local seconds="$1"
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# Runs a readiness check while <pid> lives; gives up at once, with its log, when it has died.
while_alive() {
  local pid="$1" logfile="$2"
  shift 2
  [ -d "/proc/$pid" ] || die "$(basename "$logfile" .log) exited; the end of $logfile:$(printf '\n%s' "$(tail -n 20 "$logfile")")"
  "$@"
}

port_taken() { (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }

# --- packages -----------------------------------------------------------------------------------

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null && command -v docker >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  # FROM scratch needs a static busybox; Debian's plain `busybox` package is linked dynamically.
  [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || missing+=(busybox-static)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ssh >/dev/null && command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- dockerd ------------------------------------------------------------------------------------

ping_socket() {
  [ "$(curl -s --max-time 2 --unix-socket "$1" http://localhost/_ping 2>/dev/null)" = OK ]
}
ping_docker() { ping_socket "$sock"; }

ping_tls() {
  [ "$(curl -s --max-time 2 --cacert "$tls/ca.pem" --cert "$tls/client/cert.pem" --key "$tls/client/key.pem" \
    "https://$tls_addr/_ping" 2>/dev/null)" = OK ]
}

# Starts one dockerd: <name> (pidfile and log), <socket>, <suffix> for its folders and namespace,
# then extra flags. A running one is kept as it is.
start_dockerd() {
  local name="$1" socket="$2" suffix="$3"
  shift 3
  if live_pid "$name" >/dev/null; then
    wait_for 60 ping_socket "$socket" || die "$name runs but does not answer on $socket; see $dir/$name.log"
    log "$name already running (pid $(live_pid "$name"))"
    return 0
  fi
  rm -f "$dir/$name.pid" "$socket"
  mkdir -p "$dir/data$suffix" "$dir/exec$suffix"
  # An empty configuration file keeps /etc/docker/daemon.json out; the own containerd namespace
  # keeps our containers apart should dockerd ever share a system containerd.
  printf '{}\n' >"$dir/daemon.json"
  log "starting $name on $socket${*:+ ($*)}"
  setsid dockerd \
    --host "unix://$socket" \
    --config-file "$dir/daemon.json" \
    --data-root "$dir/data$suffix" \
    --exec-root "$dir/exec$suffix" \
    --pidfile "$dir/$name.pid" \
    --bridge=none \
    --iptables=false \
    --ip6tables=false \
    --ip-masq=false \
    --containerd-namespace "$ns$suffix" \
    --containerd-plugins-namespace "$ns$suffix-plugins" \
    "$@" \
    </dev/null >"$dir/$name.log" 2>&1 &
  wait_for 60 while_alive $! "$dir/$name.log" ping_socket "$socket" ||
    die "$name did not answer within 60s; see $dir/$name.log"
}

start_docker() {
  if live_pid dockerd >/dev/null && ! tr '\0' ' ' <"/proc/$(live_pid dockerd)/cmdline" | grep -qF "tcp://$tls_addr"; then
    # Started by an older version of this script: keep it (others may be using it), without TLS.
    log "dockerd runs without $tls_addr; stop and start the environment to add the TLS endpoint"
  fi
  port_taken "$tls_addr" && ! live_pid dockerd >/dev/null && die "$tls_addr is taken by another process"
  start_dockerd dockerd "$sock" "" \
    --host "tcp://$tls_addr" --tlsverify \
    --tlscacert "$tls/ca.pem" --tlscert "$tls/server/cert.pem" --tlskey "$tls/server/key.pem"
}

start_docker2() {
  start_dockerd dockerd2 "$sock2" 2
}

# --- TLS material (made once per folder) ----------------------------------------------------------

# A CA, a server certificate for 127.0.0.1/localhost and a client certificate, laid out as
# DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem); and an unrelated CA for refusal tests.
ensure_tls() {
  [ -s "$tls/client/key.pem" ] && [ -s "$tls/wrong-ca/ca.pem" ] && return 0
  log "making TLS certificates in $tls"
  rm -rf "$tls"
  mkdir -p "$tls/server" "$tls/client" "$tls/wrong-ca"
  (
    cd "$tls"
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
      -subj /CN=dockwright-test-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
      -keyout server/key.pem -out server/req.pem 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server/ext.cnf
    openssl x509 -req -in server/req.pem -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
      -extfile server/ext.cnf -out server/cert.pem 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=dockwright-client \
      -keyout client/key.pem -out client/req.pem 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client/ext.cnf
    openssl x509 -req -in client/req.pem -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
      -extfile client/ext.cnf -out client/cert.pem 2>/dev/null
    cp ca.pem client/ca.pem
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
      -subj /CN=dockwright-wrong-ca -keyout wrong-ca/ca-key.pem -out wrong-ca/ca.pem 2>/dev/null
    # The client's certificate and key beside the wrong CA: only the server check can fail.
    cp client/cert.pem client/key.pem wrong-ca/
    rm -f server/req.pem client/req.pem
  ) || die "openssl failed to make the test certificates"
  chmod 644 "$tls"/*.pem "$tls"/*/*.pem
}

# --- sshd ---------------------------------------------------------------------------------------

ensure_ssh_keys() {
  mkdir -p "$sshdir"
  chmod 700 "$sshdir"
  [ -s "$sshdir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C dockwright-test-host -f "$sshdir/host_ed25519"
  [ -s "$sshdir/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C dockwright-test-client -f "$sshdir/client_ed25519"
  cp "$sshdir/client_ed25519.pub" "$sshdir/authorized_keys"
  chmod 600 "$sshdir/authorized_keys"
  printf '[127.0.0.1]:%s %s\n' "$ssh_port" "$(cut -d' ' -f1-2 "$sshdir/host_ed25519.pub")" >"$sshdir/known_hosts"
}

ssh_answers() {
  ssh -o BatchMode=yes -o ConnectTimeout=2 -o UserKnownHostsFile="$sshdir/known_hosts" -o IdentitiesOnly=yes \
    -i "$sshdir/client_ed25519" -p "$ssh_port" -l "$(id -un)" 127.0.0.1 true </dev/null >/dev/null 2>&1
}

start_sshd() {
  ensure_ssh_keys
  # Every session gets the test daemon as DOCKER_HOST, so `docker system dial-stdio` reaches it.
  cat >"$sshdir/sshd_config" <<CONF
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $sshdir/host_ed25519
PidFile none
AuthorizedKeysFile $sshdir/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $(id -un)
UsePAM no
StrictModes no
X11Forwarding no
AllowTcpForwarding no
PermitUserEnvironment no
SetEnv DOCKER_HOST=unix://$sock
CONF
  if live_pid sshd >/dev/null; then
    log "sshd already running (pid $(live_pid sshd))"
    wait_for 10 ssh_answers || die "sshd runs but refuses the test key; see $dir/sshd.log"
    return 0
  fi
  rm -f "$dir/sshd.pid"
  port_taken "127.0.0.1:$ssh_port" && die "127.0.0.1:$ssh_port is taken by another process"
  # sshd wants its privilege-separation folder.
  mkdir -p /run/sshd
  chmod 755 /run/sshd
  log "starting sshd on 127.0.0.1:$ssh_port"
  setsid /usr/sbin/sshd -D -f "$sshdir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1 &
  printf '%s\n' "$!" >"$dir/sshd.pid"
  wait_for 20 while_alive $! "$dir/sshd.log" ssh_answers ||
    die "sshd did not accept the test key within 20s; see $dir/sshd.log"
}

# --- contexts -------------------------------------------------------------------------------------

# A DOCKER_CONFIG of its own whose contexts the real CLI made: TLS, SSH and the second daemon.
ensure_contexts() {
  mkdir -p "$cli_config"
  local cli=(env -u DOCKER_HOST -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH DOCKER_CONFIG="$cli_config" docker)
  local name
  for name in dw-tls dw-ssh dw-second; do
    "${cli[@]}" context rm -f "$name" >/dev/null 2>&1 || true
  done
  {
    "${cli[@]}" context create dw-tls --description "test daemon over TLS" \
      --docker "host=tcp://$tls_addr,ca=$tls/ca.pem,cert=$tls/client/cert.pem,key=$tls/client/key.pem" &&
      "${cli[@]}" context create dw-ssh --description "test daemon over SSH" \
        --docker "host=ssh://$(id -un)@127.0.0.1:$ssh_port" &&
      "${cli[@]}" context create dw-second --description "second test daemon" \
        --docker "host=unix://$sock2"
  } >"$dir/contexts.log" 2>&1 || die "docker context create failed:$(printf '\n')$(cat "$dir/contexts.log")"
}

# The docker CLI, pointed at our daemon and our own client configuration only.
dk() {
  env -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
    DOCKER_HOST="unix://$sock" DOCKER_CONFIG="$dir/config" DOCKER_BUILDKIT=0 docker "$@"
}

# --- registries ---------------------------------------------------------------------------------

registry_code() { curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://$1/v2/" 2>/dev/null || true; }
registry_answers() { [ "$(registry_code "$1")" = "$2" ]; }

write_registry_config() {
  local name="$1" addr="$2" auth="$3"
  mkdir -p "$dir/registry-$name"
  {
    printf 'version: 0.1\n'
    printf 'log:\n  level: warn\n  accesslog:\n    disabled: true\n'
    printf 'storage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n' "$dir/registry-$name"
    printf 'http:\n  addr: %s\n  secret: dockwright-%s-secret\n' "$addr" "$name"
    if [ "$auth" = yes ]; then
      printf 'auth:\n  htpasswd:\n    realm: dockwright-test\n    path: %s\n' "$dir/htpasswd"
    elif [ "$auth" = token ]; then
      printf 'auth:\n  token:\n    realm: http://%s/token\n    service: %s\n    issuer: %s\n    rootcertbundle: %s\n' \
        "$token_addr" "$token_service" "$token_issuer" "$tokendir/cert.pem"
    fi
  } >"$dir/registry-$name.yml"
}

start_registry() {
  local name="$1" addr="$2" expect="$3"
  if live_pid "registry-$name" >/dev/null; then
    wait_for 30 registry_answers "$addr" "$expect" ||
      die "registry $addr runs but does not answer $expect; see $dir/registry-$name.log"
    log "registry $addr already running (pid $(live_pid "registry-$name"))"
    return 0
  fi
  rm -f "$dir/registry-$name.pid"
  port_taken "$addr" && die "$addr is taken by another process; stop it or free the port"
  log "starting registry on $addr"
  setsid docker-registry serve "$dir/registry-$name.yml" </dev/null >"$dir/registry-$name.log" 2>&1 &
  printf '%s\n' "$!" >"$dir/registry-$name.pid"
  wait_for 30 while_alive $! "$dir/registry-$name.log" registry_answers "$addr" "$expect" ||
    die "registry $addr did not answer within 30s; see $dir/registry-$name.log"
}

start_registries() {
  htpasswd -Bbn "$user" "$password" >"$dir/htpasswd" 2>/dev/null
  write_registry_config auth "$auth_registry" yes
  write_registry_config open "$open_registry" no
  start_registry auth "$auth_registry" 401
  start_registry open "$open_registry" 200
  start_token_server
  write_registry_config token "$token_registry" token
  start_registry token "$token_registry" 401
}

# --- token-auth registry -------------------------------------------------------------------------

# The signing key of the token server and its self-signed certificate: the registry's root bundle.
ensure_token_key() {
  [ -s "$tokendir/cert.pem" ] && [ -s "$tokendir/key.pem" ] && return 0
  mkdir -p "$tokendir"
  (
    cd "$tokendir"
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
      -subj /CN=dockwright-token-signer -keyout key.pem -out cert.pem 2>/dev/null
  ) || die "openssl failed to make the token signing key"
  chmod 644 "$tokendir/cert.pem"
}

token_server_answers() {
  [ "$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://$token_addr/token?service=$token_service" 2>/dev/null)" = 200 ]
}

start_token_server() {
  ensure_token_key
  cat >"$tokendir/config.next.json" <<JSON
{
  "port": ${token_addr#*:},
  "issuer": "$token_issuer",
  "service": "$token_service",
  "key": "$tokendir/key.pem",
  "cert": "$tokendir/cert.pem",
  "publicPrefix": "dockwright-public/",
  "users": {
    "$user": { "password": "$password", "actions": ["pull", "push", "delete"], "catalog": true },
    "$reader": { "password": "$reader_password", "actions": ["pull"], "catalog": false }
  }
}
JSON
  if live_pid token-server >/dev/null; then
    if cmp -s "$tokendir/config.next.json" "$tokendir/config.json" && token_server_answers; then
      rm -f "$tokendir/config.next.json"
      log "token server already running (pid $(live_pid token-server))"
      return 0
    fi
    # Another configuration: restart it (it keeps no state).
    end_pids 5 "$(live_pid token-server)"
  fi
  mv "$tokendir/config.next.json" "$tokendir/config.json"
  rm -f "$dir/token-server.pid"
  port_taken "$token_addr" && die "$token_addr is taken by another process"
  log "starting the token server on $token_addr"
  setsid node "$script_dir/tokenServer.mjs" "$tokendir/config.json" </dev/null >"$dir/token-server.log" 2>&1 &
  printf '%s\n' "$!" >"$dir/token-server.pid"
  wait_for 20 while_alive $! "$dir/token-server.log" token_server_answers ||
    die "the token server did not answer within 20s; see $dir/token-server.log"
}

# --- seed images --------------------------------------------------------------------------------

# Writes the build context of one seed: a root file system of busybox and its applet links
# (made here, since FROM scratch has no shell to run `busybox --install`) and a Dockerfile.
seed_context() {
  local name="$1" ctx="$dir/seed/$1"
  rm -rf "$ctx"
  mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/tmp" "$ctx/rootfs/www"
  cp /bin/busybox "$ctx/rootfs/bin/busybox"
  local applet
  for applet in "${applets[@]}"; do
    ln -s busybox "$ctx/rootfs/bin/$applet"
  done
  chmod 1777 "$ctx/rootfs/tmp"
  printf 'dockwright seed\n' >"$ctx/rootfs/www/index.html"
  {
    printf 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/bin\n'
    printf 'LABEL dockwright.seed=%s\n' "$name"
    if [ "$name" = service ]; then
      printf 'LABEL org.opencontainers.image.title="Dockwright seed service"\n'
      printf 'LABEL org.opencontainers.image.description="busybox httpd on port 8080, for tests"\n'
      printf 'EXPOSE 8080\n'
      printf 'HEALTHCHECK --interval=5s --timeout=2s --start-period=1s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]\n'
      # The shell is pid 1, which ignores TERM unless it traps it: the trap makes `docker stop` quick.
      printf 'CMD ["sh", "-c", "trap \\"exit 0\\" TERM INT; httpd -f -p 8080 -h /www & wait"]\n'
    else
      printf 'CMD ["sh", "-c", "trap \\"exit 0\\" TERM INT; sleep infinity & wait"]\n'
    fi
  } >"$ctx/Dockerfile"
  # The hash of the context names this version of the seed, so a changed recipe is rebuilt.
  local hash
  hash="$( (cat "$ctx/Dockerfile" /bin/busybox && printf '%s\n' "${applets[@]}") | sha256sum | cut -c1-16)"
  printf 'LABEL dockwright.seed.recipe=%s\n' "$hash" >>"$ctx/Dockerfile"
  printf '%s\n' "$hash"
}

# The digest a registry serves for <repo>:latest, or nothing.
registry_digest() {
  local registry="$1" repo="$2" auth=()
  [ "$registry" = "$auth_registry" ] && auth=(-u "$user:$password")
  curl -s -I --max-time 5 "${auth[@]}" \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$registry/v2/$repo/manifests/latest" 2>/dev/null |
    tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: *//p'
}

ensure_seeds() {
  mkdir -p "$dir/config"
  local logged_in="" name image hash have registry served
  for name in "${seeds[@]}"; do
    image="dockwright-seed/$name:latest"
    hash="$(seed_context "$name")"
    have="$(dk image inspect -f '{{index .Config.Labels "dockwright.seed.recipe"}}' "$image" 2>/dev/null || true)"
    if [ "$have" != "$hash" ]; then
      log "building $image"
      dk build -q -t "$image" "$dir/seed/$name" >"$dir/seed/$name.log" 2>&1 ||
        die "building $image failed:$(printf '\n')$(cat "$dir/seed/$name.log")"
    fi
    for registry in "$auth_registry" "$open_registry"; do
      served="$(registry_digest "$registry" "dockwright-seed/$name")"
      if [ -n "$served" ] &&
        dk image inspect -f '{{join .RepoDigests "\n"}}' "$image" | grep -qxF "$registry/dockwright-seed/$name@$served"; then
        continue
      fi
      if [ "$registry" = "$auth_registry" ] && [ -z "$logged_in" ]; then
        printf '%s' "$password" | dk login -u "$user" --password-stdin "$auth_registry" >"$dir/login.log" 2>&1 ||
          die "docker login to $auth_registry failed:$(printf '\n')$(cat "$dir/login.log")"
        logged_in=1
      fi
      log "pushing $image to $registry"
      dk tag "$image" "$registry/$image"
      dk push "$registry/$image" >"$dir/seed/$name.push.log" 2>&1 ||
        die "pushing $registry/$image failed:$(printf '\n')$(cat "$dir/seed/$name.push.log")"
    done
  done
}

write_env() {
  cat >"$dir/env.sh" <<EOF
# Written by scripts/env.sh start; source it to point the tests at the test environment.
export DOCKWRIGHT_TEST_DOCKER_HOST=unix://$sock
export DOCKWRIGHT_TEST_REGISTRY=$auth_registry
export DOCKWRIGHT_TEST_REGISTRY_USER=$user
export DOCKWRIGHT_TEST_REGISTRY_PASSWORD=$password
export DOCKWRIGHT_TEST_REGISTRY_OPEN=$open_registry
export DOCKWRIGHT_TEST_REGISTRY_TOKEN=$token_registry
export DOCKWRIGHT_TEST_REGISTRY_TOKEN_REALM=http://$token_addr/token
export DOCKWRIGHT_TEST_REGISTRY_TOKEN_SERVICE=$token_service
export DOCKWRIGHT_TEST_REGISTRY_TOKEN_USER=$user
export DOCKWRIGHT_TEST_REGISTRY_TOKEN_PASSWORD=$password
export DOCKWRIGHT_TEST_REGISTRY_TOKEN_READER=$reader
export DOCKWRIGHT_TEST_REGISTRY_TOKEN_READER_PASSWORD=$reader_password
export DOCKWRIGHT_TEST_SSH_HOST=ssh://$(id -un)@127.0.0.1:$ssh_port
export DOCKWRIGHT_TEST_SSH_KEY=$sshdir/client_ed25519
export DOCKWRIGHT_TEST_SSH_KNOWN_HOSTS=$sshdir/known_hosts
export DOCKWRIGHT_TEST_DOCKER_HOST_2=unix://$sock2
export DOCKWRIGHT_TEST_DOCKER_CONFIG=$cli_config
EOF
  # A daemon started before the TLS endpoint existed has none: the TLS tests then skip.
  if ping_tls; then
    cat >>"$dir/env.sh" <<EOF
export DOCKWRIGHT_TEST_TLS_HOST=tcp://$tls_addr
export DOCKWRIGHT_TEST_CERTS=$tls/client
export DOCKWRIGHT_TEST_WRONG_CERTS=$tls/wrong-ca
EOF
  fi
  printf 'DOCKWRIGHT_TEST_DOCKER_HOST=unix://%s\n' "$sock"
}

# --- commands -----------------------------------------------------------------------------------

cmd_start() {
  [ "$(id -u)" -eq 0 ] || die "run as root: dockerd needs it"
  [ ${#dir} -le 60 ] || die "DOCKWRIGHT_ENV_DIR is too long (${#dir} > 60 characters) for unix socket paths"
  mkdir -p "$dir"
  ensure_packages
  ensure_tls
  start_docker
  start_docker2
  start_sshd
  start_registries
  ensure_seeds
  ensure_contexts
  write_env
}

cmd_stop() {
  [ -d "$dir" ] || return 0
  local pid name pids=()
  for name in sshd registry-auth registry-open registry-token token-server dockerd dockerd2; do
    pid="$(live_pid "$name")" || continue
    log "stopping $name (pid $pid)"
    pids+=("$pid")
  done
  # dockerd stops its containers (up to 10s each, in parallel) before it exits.
  end_pids 30 "${pids[@]}"
  # Whatever dockerd left behind (containerd, shims) names our folder on its command line.
  mapfile -t pids < <(our_processes)
  if [ ${#pids[@]} -gt 0 ]; then
    log "ending leftovers: ${pids[*]}"
    end_pids 10 "${pids[@]}"
  fi
  # Mounts dockerd did not undo (overlays, network namespaces), deepest first.
  local mount
  while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r)
  rm -rf "$dir/exec" "$dir/exec2" "$dir/seed"
  rm -f "$dir"/*.pid "$sock" "$sock2" "$dir/env.sh"
  log "stopped"
}

cmd_status() {
  local name pid state=0
  for name in dockerd dockerd2 sshd registry-auth registry-open registry-token token-server; do
    if pid="$(live_pid "$name")"; then
      printf '%-14s running (pid %s)\n' "$name" "$pid"
    else
      printf '%-14s stopped\n' "$name"
      state=3
    fi
  done
  if ping_docker; then
    printf '%-14s %s answers /_ping\n' docker "unix://$sock"
    for name in "${seeds[@]}"; do
      if dk image inspect "dockwright-seed/$name:latest" >/dev/null 2>&1; then
        printf '%-14s dockwright-seed/%s:latest\n' seed "$name"
      else
        printf '%-14s dockwright-seed/%s:latest missing\n' seed "$name"
      fi
    done
  fi
  if ping_socket "$sock2"; then
    printf '%-14s %s answers /_ping\n' docker2 "unix://$sock2"
  fi
  if ping_tls; then
    printf '%-14s %s answers /_ping over TLS\n' docker-tls "tcp://$tls_addr"
  fi
  printf '%-14s %s /v2/ answers %s\n' registry "$auth_registry" "$(registry_code "$auth_registry")"
  printf '%-14s %s /v2/ answers %s\n' registry "$open_registry" "$(registry_code "$open_registry")"
  printf '%-14s %s /v2/ answers %s\n' registry "$token_registry" "$(registry_code "$token_registry")"
  return "$state"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: bash scripts/env.sh start|stop|status" >&2
    exit 2
    ;;
esac
