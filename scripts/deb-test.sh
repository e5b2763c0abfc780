#!/usr/bin/env bash
# make deb-test: the packages from make deb on a bare Debian 12 root that this
# script makes (debootstrap bookworm), in a chroot:
#   1. install an older version (OLDER_DEBS=DIR with older .debs, else the same
#      build repacked as VERSION~older), check the user, directories, conffile
#      and unit enablement;
#   2. start the server as the unit would (user weerbaar, the packaged config),
#      make an organisation, a confidant and a case with a note;
#   3. upgrade to VERSION while the old server runs, restart it as systemd would,
#      read the case back (data kept) and check the schema version;
#   4. remove (data kept), purge (data and settings gone).
# This machine has no systemd as PID 1, so no unit is started by systemd here:
# policy-rc.d refuses service actions, as in any chroot. What that leaves
# unproven is in docs/operations.md ("Install", what make deb-test proves).
#
#   scripts/deb-test.sh DEB_DIR VERSION        (as root)
set -euo pipefail

deb_dir=$(realpath "$1")
version=$2
work=$deb_dir/test
base=$work/bookworm-minbase.tar
root=$work/root
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
passphrase='deb-test-wachtwoord'
intake=$(realpath docs/examples/intake.json)

step() { printf '\n== %s\n' "$*"; }
ok() { printf 'ok: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (debootstrap, chroot)"
for tool in debootstrap dpkg-deb unshare ip; do
    command -v "$tool" > /dev/null || fail "$tool is missing (apt-get install debootstrap iproute2)"
done
new_debs=()
for p in weerbaar-server weerbaar weerbaar-desktop; do
    f=$deb_dir/${p}_${version}_amd64.deb
    [ -f "$f" ] || fail "$f is missing: run make deb"
    new_debs+=("$f")
done

# --- a bare Debian 12 root, made once and kept as a tarball; fresh each run
mkdir -p "$work"
if [ ! -f "$base" ]; then
    step "debootstrap bookworm (minbase) from $mirror"
    rm -rf "$work/base"
    debootstrap --variant=minbase bookworm "$work/base" "$mirror" > "$work/debootstrap.log"
    tar -C "$work/base" -cf "$base" .
    rm -rf "$work/base"
fi

cleanup() {
    set +e
    [ -n "${server_pid:-}" ] && kill -TERM "$server_pid" 2> /dev/null
    for m in dev/pts dev proc; do
        mountpoint -q "$root/$m" && umount -l "$root/$m"
    done
}
trap cleanup EXIT
cleanup
rm -rf "$root"
mkdir -p "$root"
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# As in any chroot: maintainer scripts may not start or restart services.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

# --- the older version
older_dir=$root/tmp/older
mkdir -p "$older_dir" "$root/tmp/new"
if [ -n "${OLDER_DEBS:-}" ]; then
    cp "$OLDER_DEBS"/weerbaar*.deb "$older_dir/"
else
    # The same binaries at a lower version: proves the upgrade path of the
    # maintainer scripts, not a schema migration (there is none to make).
    for f in "${new_debs[@]}"; do
        t=$(mktemp -d)
        dpkg-deb -R "$f" "$t"
        sed -i "s/^Version: .*/Version: ${version}~older/" "$t/DEBIAN/control"
        dpkg-deb --root-owner-group -b "$t" "$older_dir/" > /dev/null
        rm -rf "$t"
    done
fi
cp "${new_debs[@]}" "$root/tmp/new/"

step "install the older version (apt-get, with the dependencies from Debian)"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends /tmp/older/*.deb > "$work/install.log" 2>&1 ||
    { cat "$work/install.log"; fail "install"; }
older_version=$(in_root dpkg-query -W -f='${Version}' weerbaar-server)
ok "weerbaar-server $older_version, weerbaar, weerbaar-desktop installed"
for b in weerbaar-server weerbaar weerbaar-desktop; do
    in_root sh -c "ldd /usr/bin/$b | grep -q 'not found'" && fail "$b misses a library"
done
ok "every library of the three binaries is there (ldd)"
passwd_line=$(in_root getent passwd weerbaar) || fail "no user weerbaar"
uid=$(echo "$passwd_line" | cut -d: -f3)
[ "$uid" -lt 1000 ] || fail "weerbaar is not a system user: $passwd_line"
case $passwd_line in *:/var/lib/weerbaar:/usr/sbin/nologin) ;; *) fail "$passwd_line" ;; esac
ok "system user: $passwd_line"
[ "$(in_root stat -c '%a %U:%G' /var/lib/weerbaar)" = "700 weerbaar:weerbaar" ] ||
    fail "/var/lib/weerbaar: $(in_root stat -c '%a %U:%G' /var/lib/weerbaar)"
ok "/var/lib/weerbaar 700 weerbaar:weerbaar"
in_root dpkg-query -W -f='${Conffiles}\n' weerbaar-server | grep -q ' /etc/weerbaar/server.toml ' ||
    fail "server.toml is no conffile"
ok "/etc/weerbaar/server.toml is a conffile"
[ -f "$root/lib/systemd/system/weerbaar-server.service" ] || fail "no unit"
[ -L "$root/etc/systemd/system/multi-user.target.wants/weerbaar-server.service" ] ||
    fail "the unit is not enabled"
ok "weerbaar-server.service installed and enabled (multi-user.target.wants)"

# The rest needs no network: a namespace of its own with only loopback, so that
# port 7443 of the packaged config can't clash with anything on this machine.
step "start, use, upgrade, restart, remove, purge (own network namespace)"
export root work intake passphrase version older_version
unshare --net bash -euo pipefail -c '
step() { printf "\n== %s\n" "$*"; }
ok() { printf "ok: %s\n" "$*"; }
fail() { printf "FAIL: %s\n" "$*" >&2; exit 1; }
ip link set lo up
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }
cli() { in_root env WEERBAAR_PASSPHRASE="$passphrase" /usr/bin/weerbaar "$@"; }

# As the unit starts it: ExecStart, User=weerbaar, WorkingDirectory, UMask.
start_server() {  # $1: log file
    : > "$1"
    chroot --userspec=weerbaar:weerbaar "$root" env -i PATH=/usr/bin:/bin \
        sh -c "cd /var/lib/weerbaar && umask 0077 && exec /usr/bin/weerbaar-server --config /etc/weerbaar/server.toml" \
        > "$1" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
        grep -q "^listening on " "$1" && break
        kill -0 $server_pid 2> /dev/null || { cat "$1"; fail "the server ended"; }
        sleep 0.1
    done
    grep -q "^listening on 0.0.0.0:7443$" "$1" || { cat "$1"; fail "not listening on 0.0.0.0:7443"; }
}
stop_server() {  # SIGTERM, as systemctl stop sends; exit 0 expected
    kill -TERM $server_pid
    code=0; wait $server_pid || code=$?
    [ $code = 0 ] || fail "the server exited $code on SIGTERM"
}

step "the packaged server on the packaged config, as user weerbaar"
start_server "$work/server-older.log"
ok "$(grep "^listening on" "$work/server-older.log")"
schema_before=$(sed -n "s/.*schema version \([0-9]*\).*/\1/p" "$work/server-older.log")
[ "$(in_root stat -c "%U %a" /var/lib/weerbaar/db.key)" = "weerbaar 600" ] || fail "db.key"
ok "data made by user weerbaar with mode 0600 (db.key); schema version $schema_before"

step "an organisation, a confidant, a case with a note (the packaged CLI)"
cp "$intake" "$root/tmp/intake.json"
crt=/var/lib/weerbaar/server.crt
org_fp=$(cli --profile /root/anne org create --server 127.0.0.1:7443 --server-cert $crt \
    --bootstrap "$(cat "$root/var/lib/weerbaar/bootstrap-code")" --user anne |
    sed -n "s/^organisatiesleutel\/organisation key fingerprint: //p")
[ -n "$org_fp" ] || fail "org create"
fp=$(cli --profile /root/bram init --server 127.0.0.1:7443 --server-cert $crt --user bram \
    --org-fingerprint "$org_fp" | tail -n 1)
cli --profile /root/anne member approve bram --role confidant --fingerprint "$fp" > /dev/null
case_id=$(cli --profile /root/bram case new --intake /tmp/intake.json | tail -n 1)
cli --profile /root/bram case note "$case_id" --text "Geschreven voor de upgrade." > /dev/null
ok "case $case_id with a note"

step "upgrade to $version while the older server runs"
sed -i "s/^#retention_days = 730/retention_days = 365/" "$root/etc/weerbaar/server.toml"
in_root dpkg -i /tmp/new/weerbaar-server_${version}_amd64.deb /tmp/new/weerbaar_${version}_amd64.deb \
    /tmp/new/weerbaar-desktop_${version}_amd64.deb > "$work/upgrade.log" 2>&1 ||
    { cat "$work/upgrade.log"; fail "upgrade"; }
[ "$(in_root dpkg-query -W -f="\${Version}" weerbaar-server)" = "$version" ] || fail "version"
ok "$older_version -> $version; the older server still runs: $(kill -0 $server_pid && echo yes)"
grep -q "^retention_days = 365" "$root/etc/weerbaar/server.toml" || fail "the local change was lost"
ok "the operator'"'"'s change to server.toml kept"
stop_server
ok "older server stopped on SIGTERM, exit 0 (systemctl restart: stop ...)"
start_server "$work/server-new.log"
schema_after=$(sed -n "s/.*schema version \([0-9]*\).*/\1/p" "$work/server-new.log")
ok "... and start: the new binary serves, schema version $schema_before -> $schema_after"
grep -q "retention_days\|365" "$work/server-new.log" || true
cli --profile /root/bram case show "$case_id" | grep -q "Geschreven voor de upgrade." ||
    fail "the note is gone after the upgrade"
ok "data kept: bram reads his case and note after the upgrade"
[ ! -e "$root/var/lib/weerbaar/bootstrap-code" ] || fail "a new bootstrap code: the organisation was lost"
stop_server
server_pid=

step "remove: programs gone, data and settings kept"
in_root apt-get remove -y -qq weerbaar-server > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail remove; }
[ ! -e "$root/usr/bin/weerbaar-server" ] || fail "binary still there"
[ -f "$root/var/lib/weerbaar/weerbaar.db" ] && [ -f "$root/var/lib/weerbaar/db.key" ] || fail "data gone on remove"
[ -f "$root/etc/weerbaar/server.toml" ] || fail "settings gone on remove"
ok "after remove: /var/lib/weerbaar (database, key) and /etc/weerbaar/server.toml still there"

step "purge: data and settings gone"
in_root apt-get purge -y -qq weerbaar-server > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail purge; }
[ ! -e "$root/var/lib/weerbaar" ] || fail "/var/lib/weerbaar left after purge"
[ ! -e "$root/etc/weerbaar" ] || fail "/etc/weerbaar left after purge"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/weerbaar-server.service" ] || fail "unit still enabled"
ok "after purge: /var/lib/weerbaar, /etc/weerbaar and the enablement link are gone (the user stays)"
'
step "deb-test passed (in a chroot; see docs/operations.md for what a chroot cannot show)"
