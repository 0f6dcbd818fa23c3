#!/bin/sh
# The one-shot `redis-setup` service of docker-compose.yml, run before Redis on every `docker compose up`.
# It writes what deploy/redis/redis.conf expects under /etc/redis, so Redis never starts open:
#  - the TLS files, made when missing or within 30 days of expiring: a CA, and a server certificate for the
#    names clients use (`redis` inside compose, `localhost` and 127.0.0.1 from the host). The CA's private
#    key is deleted once it has signed, so nobody can later make another certificate the workers would
#    trust. The CA certificate alone is also copied to the volume the workers mount.
#  - the ACL users file, rewritten every time (a changed password takes effect on Redis's next start):
#    deploy/redis/users.acl, whose `qinglang` rule a test keeps equal to the code's, with both users turned
#    on and their passwords stored as SHA-256 hashes, so neither password is on Redis's command line, in a
#    container's environment or in clear on disk.
# The defaults are the compose mounts; tests/deploy/test_redis_setup.py runs it with its own paths.
set -eu

redis_dir=${REDIS_SETUP_REDIS_DIR:-/etc/redis}
ca_dir=${REDIS_SETUP_CA_DIR:-/etc/qinglang/redis-ca}
shipped_acl=${REDIS_SETUP_ACL:-/deploy/users.acl}
admin_secret=${REDIS_SETUP_ADMIN_PASSWORD_FILE:-/run/secrets/redis_admin_password}
worker_secret=${REDIS_SETUP_PASSWORD_FILE:-/run/secrets/redis_password}
redis_uid=999  # the `redis` user of the official redis image, which redis-server runs as
days=365
tls=$redis_dir/tls
work=
new_acl=
trap 'rm -rf ${work:+"$work"} ${new_acl:+"$new_acl"}' EXIT

fail() {
    echo "redis-setup: $*" >&2
    exit 1
}

# Files only Redis reads (its key, the ACL file) belong to its user; outside a container (the test) there
# is no such user to give them to.
give_to_redis() {
    if [ "$(id -u)" -eq 0 ]; then
        chown "$redis_uid:$redis_uid" "$@"
    fi
}

# A secret's first line, as the worker reads its password file.
first_line() {
    [ -r "$1" ] || fail "cannot read $1: set $2 before \`docker compose up\`"
    line=
    IFS= read -r line <"$1" || true
    [ -n "$line" ] || fail "$2 is empty: set it to a long random string, e.g. \$(openssl rand -hex 32)"
    case $line in *[[:cntrl:]]*) fail "$2 holds a control character" ;; esac
    printf '%s' "$line"
}

sha256() {
    # printf is a shell builtin, so the password never shows in the process list
    hash=$(printf '%s' "$1" | openssl dgst -sha256 -r | cut -d' ' -f1)
    [ ${#hash} -eq 64 ] || fail "openssl could not hash a password"
    printf '%s' "$hash"
}

tls_files_are_good() {
    [ -s "$tls/server.key" ] && [ -s "$tls/server.crt" ] && [ -s "$tls/ca.crt" ] && [ -s "$ca_dir/ca.crt" ] &&
        cmp -s "$tls/ca.crt" "$ca_dir/ca.crt" &&
        openssl verify -CAfile "$tls/ca.crt" "$tls/server.crt" >/dev/null 2>&1 &&
        openssl x509 -checkend 2592000 -noout -in "$tls/server.crt" >/dev/null 2>&1
}

make_tls_files() {
    work=$(mktemp -d)
    # the same kind of key and extensions as the tests' certificates (streams/local/services/redis.py)
    set -- -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
    openssl req -x509 "$@" -keyout "$work/ca.key" -out "$work/ca.crt" -days "$days" \
        -subj "/CN=Qinglang compose Redis CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    cat >"$work/server.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=DNS:redis,DNS:localhost,IP:127.0.0.1
EOF
    openssl req "$@" -keyout "$work/server.key" -out "$work/server.csr" -subj "/CN=redis"
    openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
        -out "$work/server.crt" -days "$days" -extfile "$work/server.ext"
    chmod 600 "$work/server.key"
    give_to_redis "$work/server.key"
    mv "$work/server.key" "$tls/server.key"
    mv "$work/server.crt" "$tls/server.crt"
    cp "$work/ca.crt" "$tls/ca.crt"
    mv "$work/ca.crt" "$ca_dir/ca.crt"
    # certificates are public; Redis's user and the workers' must read them
    chmod 644 "$tls/server.crt" "$tls/ca.crt" "$ca_dir/ca.crt"
    rm -rf "$work"  # with the CA's private key
    work=
}

umask 077
mkdir -p "$tls" "$ca_dir"
chmod 755 "$redis_dir" "$tls" "$ca_dir"  # Redis's user and the workers' (nobody) must reach their files

if tls_files_are_good; then
    echo "redis-setup: keeping the TLS files"
else
    make_tls_files
    echo "redis-setup: made a new CA and server certificate"
fi
echo "redis-setup: the server certificate is valid until $(openssl x509 -enddate -noout -in "$tls/server.crt" |
    cut -d= -f2)"

admin=$(first_line "$admin_secret" QINGLANG_REDIS_ADMIN_PASSWORD)
worker=$(first_line "$worker_secret" QINGLANG_REDIS_PASSWORD)
[ "$admin" != "$worker" ] || fail "QINGLANG_REDIS_PASSWORD and QINGLANG_REDIS_ADMIN_PASSWORD must differ"
default_hash=$(sha256 "$admin")
qinglang_hash=$(sha256 "$worker")

# Only the two shipped users, each still `off >CHANGE_ME`: anything else in the file is a mistake to stop on,
# not to pass to Redis.
new_acl=$(mktemp "$redis_dir/.users.acl.XXXXXX")
awk -v default_hash="$default_hash" -v qinglang_hash="$qinglang_hash" '
    $1 == "user" && ($2 == "default" || $2 == "qinglang") && $3 == "off" && $4 == ">CHANGE_ME" && !($2 in seen) {
        seen[$2] = 1
        $3 = "on"
        $4 = "#" ($2 == "default" ? default_hash : qinglang_hash)
        print
        next
    }
    { bad = 1; print "redis-setup: unexpected line " NR " in the shipped ACL file" > "/dev/stderr" }
    END { if (bad || !("default" in seen) || !("qinglang" in seen)) exit 1 }' "$shipped_acl" >"$new_acl" ||
    fail "$shipped_acl is not the shipped users file"
chmod 600 "$new_acl"
give_to_redis "$new_acl"
mv "$new_acl" "$redis_dir/users.acl"
new_acl=
echo "redis-setup: wrote the ACL users default and qinglang"
