#!/usr/bin/env bash
# make deb-test: the packages from make deb on a bare Debian 12 system that this
# script makes (debootstrap bookworm, minbase with systemd) and boots with
# systemd-nspawn, so that systemd itself starts the unit, sandbox and all:
#   1. install an older version (OLDER_DEBS=DIR holding older .debs; else this
#      build repacked as VERSION~older): user, directories, conffile, the unit
#      enabled and started by the maintainer scripts, active once READY=1;
#   2. an organisation, a confidant and a case with a note, with the packaged CLI;
#   3. upgrade to VERSION while the older server runs: the maintainer scripts
#      restart the unit, the new process serves, the case and note are still there;
#   4. a backup while bram writes, restored over the server; bram's client hands back
#      what the restore lost, so every acknowledged note is there, and opens again the
#      case he opened after the backup, with its note; anne's audit check
#      takes the restore into account;
#   5. the root key recovered from 2 of 3 coordinators' shares after the founder's
#      profile is deleted;
#   6. remove (service stopped, data kept), purge (data and settings gone).
# The container has loopback only (--private-network): port 7443 of the packaged
# settings clashes with nothing on this machine. Packages are downloaded before
# the boot, with the network of the host.
#
#   scripts/deb-test.sh DEB_DIR VERSION        (as root)
set -euo pipefail

deb_dir=$(realpath "$1")
version=$2
work=$deb_dir/test
base=$work/bookworm-minbase-systemd.tar
root=$work/root
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
passphrase='deb-test-wachtwoord'
intake=$(realpath docs/examples/intake.json)

step() { printf '\n== %s\n' "$*"; }
ok() { printf 'ok: %s\n' "$*"; }
fail() {
    printf 'FAIL: %s\n' "$*" >&2
    exit 1
}

[ "$(id -u)" = 0 ] || fail "run as root (debootstrap, systemd-nspawn)"
for tool in debootstrap dpkg-deb systemd-nspawn nsenter; do
    command -v "$tool" > /dev/null ||
        fail "$tool is missing (apt-get install debootstrap systemd-container)"
done
new_debs=()
for p in weerbaar-server weerbaar weerbaar-desktop; do
    f=$deb_dir/${p}_${version}_amd64.deb
    [ -f "$f" ] || fail "$f is missing: run make deb"
    new_debs+=("$f")
done

# --- a bare Debian 12 system, made once and kept as a tarball; fresh each run
mkdir -p "$work"
if [ ! -f "$base" ]; then
    step "debootstrap bookworm (minbase, systemd) from $mirror"
    rm -rf "$work/base"
    debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm \
        "$work/base" "$mirror" > "$work/debootstrap.log"
    tar -C "$work/base" -cf "$base" .
    rm -rf "$work/base"
fi

container=
cleanup() {
    set +e
    if [ -n "$container" ] && kill -0 "$container" 2> /dev/null; then
        kill -TERM "$container"  # nspawn: a clean poweroff of the container
        for _ in $(seq 1 300); do kill -0 "$container" 2> /dev/null || break; sleep 0.1; done
        kill -KILL "$container" 2> /dev/null
    fi
    for m in dev/pts dev proc; do
        mountpoint -q "$root/$m" && umount -l "$root/$m"
    done
}
trap cleanup EXIT
rm -rf "$root"
mkdir -p "$root"
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"

# --- the packages: older ones and this build
mkdir -p "$root/srv/debs/older" "$root/srv/debs/new"
if [ -n "${OLDER_DEBS:-}" ]; then
    cp "$OLDER_DEBS"/weerbaar*.deb "$root/srv/debs/older/"
else
    # The same binaries at a lower version: the upgrade path of the maintainer
    # scripts and the restart, not a schema migration (there is none to make).
    for f in "${new_debs[@]}"; do
        t=$(mktemp -d)
        dpkg-deb -R "$f" "$t"
        sed -i "s/^Version: .*/Version: ${version}~older/" "$t/DEBIAN/control"
        dpkg-deb --root-owner-group -b "$t" "$root/srv/debs/older/" > /dev/null
        rm -rf "$t"
    done
fi
cp "${new_debs[@]}" "$root/srv/debs/new/"

step "download the dependencies of both versions (chroot, host network)"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
chroot "$root" env -i PATH=/usr/sbin:/usr/bin LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -qq &&
           apt-get install -y -qq --no-install-recommends --download-only /srv/debs/older/*.deb &&
           apt-get install -y -qq --no-install-recommends --download-only /srv/debs/new/*.deb' \
    > "$work/download.log" 2>&1 || {
    cat "$work/download.log"
    fail "download"
}
for m in dev/pts dev proc; do umount "$root/$m"; done
ok "$(ls "$root/var/cache/apt/archives/"*.deb | wc -l) packages in the apt cache"

step "boot the system (systemd-nspawn --boot --private-network)"
systemd-nspawn -D "$root" --register=no --keep-unit --private-network --boot -q \
    --console=pipe < /dev/null > "$work/boot.log" 2>&1 &
container=$!
# The container's PID 1 (pid 1 in its own pid namespace), below nspawn.
container_init() {
    local p
    for p in $(ps -o pid= --ppid "$1"); do
        if [ "$(awk '/^NSpid:/ {print $NF}' /proc/"$p"/status 2> /dev/null)" = 1 ]; then
            echo "$p"
            return 0
        fi
        container_init "$p" && return 0
    done
    return 1
}
init=
for _ in $(seq 1 300); do
    init=$(container_init $container || true)
    [ -n "$init" ] && [ "$(cat /proc/"$init"/comm 2> /dev/null)" = systemd ] && break
    init=
    sleep 0.1
done
[ -n "$init" ] || fail "systemd-nspawn did not start the system: $(cat "$work/boot.log")"
# A command inside the booted system, as root there.
inside() {
    nsenter -t "$init" -m -u -i -n -p -r -w env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
state=
for _ in $(seq 1 240); do  # systemctl answers once the manager's socket exists
    state=$(inside systemctl is-system-running 2> /dev/null || true)
    case $state in running | degraded) break ;; esac
    sleep 0.5
done
case $state in running | degraded) ;; *) fail "the system did not boot: $state" ;; esac
ok "systemd in the container: $state"
cli() { inside env WEERBAAR_PASSPHRASE="$passphrase" /usr/bin/weerbaar "$@"; }
main_pid() { inside systemctl show -p MainPID --value weerbaar-server; }
wait_active() {
    for _ in $(seq 1 300); do
        [ "$(inside systemctl is-active weerbaar-server || true)" = active ] && return 0
        sleep 0.1
    done
    inside journalctl -u weerbaar-server --no-pager | tail -20
    fail "weerbaar-server is not active: $(inside systemctl is-active weerbaar-server || true)"
}

step "install the older version (apt-get, from the cache: the container has no network)"
inside sh -c 'apt-get install -y -qq --no-install-recommends /srv/debs/older/*.deb' \
    > "$work/install.log" 2>&1 || {
    cat "$work/install.log"
    fail "install"
}
older_version=$(inside dpkg-query -W -f='${Version}' weerbaar-server)
ok "weerbaar-server, weerbaar, weerbaar-desktop $older_version installed"
for b in weerbaar-server weerbaar weerbaar-desktop; do
    ! inside sh -c "ldd /usr/bin/$b | grep 'not found'" || fail "$b misses a library"
done
ok "every library of the three binaries is there (ldd)"
passwd_line=$(inside getent passwd weerbaar) || fail "no user weerbaar"
[ "$(echo "$passwd_line" | cut -d: -f3)" -lt 1000 ] || fail "not a system user: $passwd_line"
case $passwd_line in *:/var/lib/weerbaar:/usr/sbin/nologin) ;; *) fail "$passwd_line" ;; esac
ok "system user: $passwd_line"
inside dpkg-query -W -f='${Conffiles}\n' weerbaar-server | grep -q ' /etc/weerbaar/server.toml ' ||
    fail "server.toml is no conffile"
ok "/etc/weerbaar/server.toml is a conffile"
[ "$(inside systemctl is-enabled weerbaar-server)" = enabled ] || fail "the unit is not enabled"
wait_active
ok "weerbaar-server.service enabled and active (Type=notify: READY=1 arrived)"
[ "$(inside stat -c '%a %U:%G' /var/lib/weerbaar)" = "700 weerbaar:weerbaar" ] ||
    fail "/var/lib/weerbaar: $(inside stat -c '%a %U:%G' /var/lib/weerbaar)"
[ "$(inside stat -c '%a %U' /var/lib/weerbaar/db.key)" = "600 weerbaar" ] || fail "db.key"
ok "/var/lib/weerbaar 700 weerbaar:weerbaar, db.key 600 weerbaar"
journal=$(inside journalctl -u weerbaar-server --no-pager -o cat)
grep -q '^listening on 0.0.0.0:7443$' <<< "$journal" || fail "no 'listening on' in the journal"
schema_before=$(sed -n 's/.*schema version \([0-9]*\).*/\1/p' <<< "$journal" | tail -1)
ok "journal: $(grep '^listening on' <<< "$journal"), schema version $schema_before"
pid=$(main_pid)
status=$(inside cat /proc/"$pid"/status)
for want in 'NoNewPrivs:	1' 'Seccomp:	2' 'CapBnd:	0000000000000000' 'CapEff:	0000000000000000'; do
    grep -q "^$want" <<< "$status" || fail "the server process lacks '$want'"
done
ok "the running server: no capabilities, no_new_privs, a seccomp filter"
watchdog=$(inside systemctl show -p WatchdogUSec --value weerbaar-server)
ok "watchdog in force: $watchdog"
verify=$(inside systemd-analyze verify --man=no weerbaar-server.service 2>&1 || true)
[ -z "$verify" ] || fail "systemd-analyze verify: $verify"
ok "systemd-analyze verify: no complaint"
exposure=$(inside systemd-analyze security --no-pager weerbaar-server.service | tail -n 1 | sed 's/^→ //')
ok "systemd-analyze security of the loaded unit: $exposure"

code=$(inside cat /var/lib/weerbaar/bootstrap-code)
inside journalctl -u weerbaar-server --no-pager | grep -qF "$code" &&
    fail "the bootstrap code is in the journal"
grep -q "bootstrap code: in /var/lib/weerbaar/bootstrap-code" <<< "$journal" ||
    fail "the journal does not say where the bootstrap code is"
ok "the bootstrap code stays out of the journal; the journal says where it is"

step "an organisation, a confidant, a case with a note (the packaged CLI)"
cp "$intake" "$root/srv/intake.json"
crt=/var/lib/weerbaar/server.crt
org_fp=$(cli --profile /root/anne org create --server 127.0.0.1:7443 --server-cert $crt \
    --bootstrap "$(inside cat /var/lib/weerbaar/bootstrap-code)" --user anne |
    sed -n 's/^organisatiesleutel\/organisation key fingerprint: //p')
[ -n "$org_fp" ] || fail "org create"
fp=$(cli --profile /root/bram init --server 127.0.0.1:7443 --server-cert $crt --user bram \
    --org-fingerprint "$org_fp" | tail -n 1)
cli --profile /root/anne member approve bram --role confidant --fingerprint "$fp" > /dev/null
case_id=$(cli --profile /root/bram case new --intake /srv/intake.json | tail -n 1)
cli --profile /root/bram case note "$case_id" --text "Geschreven voor de upgrade." > /dev/null
ok "organisation made; bram's case $case_id with a note"

step "upgrade to $version while the older server runs"
sed -i 's/^#retention_days = 730/retention_days = 365/' "$root/etc/weerbaar/server.toml"
old_pid=$(main_pid)
inside sh -c 'apt-get install -y -qq --no-install-recommends /srv/debs/new/*.deb' \
    > "$work/upgrade.log" 2>&1 || {
    cat "$work/upgrade.log"
    fail "upgrade"
}
[ "$(inside dpkg-query -W -f='${Version}' weerbaar-server)" = "$version" ] || fail "version"
ok "$older_version -> $version"
grep -q '^retention_days = 365' "$root/etc/weerbaar/server.toml" || fail "the local change was lost"
ok "the operator's change to server.toml kept"
wait_active
new_pid=$(main_pid)
[ "$new_pid" != "$old_pid" ] || fail "the service was not restarted (MainPID $old_pid)"
ok "the maintainer scripts restarted the service: MainPID $old_pid -> $new_pid, active"
journal=$(inside journalctl -u weerbaar-server --no-pager -o cat)
[ "$(grep -c '^listening on 0.0.0.0:7443$' <<< "$journal")" = 2 ] || fail "not two starts"
grep -q 'signal 15 received; shutting down' <<< "$journal" || fail "the older server was not stopped by SIGTERM"
schema_after=$(sed -n 's/.*schema version \([0-9]*\).*/\1/p' <<< "$journal" | tail -1)
ok "the older server stopped on SIGTERM; the new one serves, schema version $schema_before -> $schema_after"
cli --profile /root/bram case show "$case_id" | grep -q 'Geschreven voor de upgrade.' ||
    fail "the note is gone after the upgrade"
ok "data kept: bram reads his case and note after the upgrade"

step "the watchdog: pings keep a running server, a frozen one is restarted"
[ "$(inside systemctl show -p NRestarts --value weerbaar-server)" = 0 ] || fail "restarts so far"
ping1=$(inside systemctl show -p WatchdogTimestampMonotonic --value weerbaar-server)
sleep 16  # WatchdogSec=30s: a ping every 15 s
ping2=$(inside systemctl show -p WatchdogTimestampMonotonic --value weerbaar-server)
[ "$ping2" -gt "$ping1" ] || fail "no WATCHDOG=1 in 16 s ($ping1, $ping2)"
ok "WATCHDOG=1 arrives (last ping moved on by $(((ping2 - ping1) / 1000)) ms), no restart"
frozen=$(main_pid)
inside sh -c "kill -STOP $frozen"  # the container's pid: kill runs in its pid namespace
for _ in $(seq 1 600); do  # 30 s without a ping, then SIGABRT and a restart 2 s later
    [ "$(inside systemctl show -p NRestarts --value weerbaar-server)" = 1 ] &&
        [ "$(inside systemctl is-active weerbaar-server || true)" = active ] && break
    sleep 0.1
done
[ "$(inside systemctl show -p NRestarts --value weerbaar-server)" = 1 ] ||
    fail "a frozen server was not restarted"
wait_active
ok "SIGSTOP: no pings; systemd restarted it (MainPID $frozen -> $(main_pid)): $(inside journalctl -u weerbaar-server --no-pager -o cat | grep -m1 -i 'watchdog timeout' || true)"
cli --profile /root/bram case show "$case_id" | grep -q 'Geschreven voor de upgrade.' ||
    fail "the note is gone after the watchdog restart"
ok "bram reads his case after the restart"

step "a backup under load, restored over the server; the clients heal what it lost"
inside weerbaar-server backup-keygen --out-secret /root/backup.secret \
    --out-public /etc/weerbaar/backup.pub > /dev/null || fail "backup-keygen"
inside install -d -o weerbaar -g weerbaar -m 700 /var/backups/weerbaar
rm -f "$root/srv/acknowledged" "$root/srv/stop-writing"
# bram writes notes one after another until told to stop; each acknowledged one is logged.
inside env WEERBAAR_PASSPHRASE="$passphrase" sh -c "i=0; while [ ! -e /srv/stop-writing ]; do
    i=\$((i + 1)); weerbaar --profile /root/bram case note $case_id --text \"Notitie \$i.\" \
        > /dev/null 2>&1 && echo \"Notitie \$i.\" >> /srv/acknowledged; done" &
writer=$!
acknowledged() { [ -f "$root/srv/acknowledged" ] && wc -l < "$root/srv/acknowledged" || echo 0; }
wait_for_notes() {
    for _ in $(seq 1 600); do
        [ "$(acknowledged)" -ge "$1" ] && return 0
        sleep 0.1
    done
    fail "bram's notes do not arrive ($(acknowledged) of $1)"
}
wait_for_notes 2
backup_started=$(date +%s%N)
# As docs/operations.md has it: the server's user, the packaged settings.
inside runuser -u weerbaar -- weerbaar-server backup --config /etc/weerbaar/server.toml \
    --out /var/backups/weerbaar/weerbaar.backup --backup-key /etc/weerbaar/backup.pub \
    > "$work/backup.log" 2>&1 || {
    cat "$work/backup.log"
    fail "backup"
}
backup_ms=$((($(date +%s%N) - backup_started) / 1000000))
wait_for_notes $(($(acknowledged) + 3))
touch "$root/srv/stop-writing"
wait "$writer" || true
notes=$(acknowledged)
# A case bram opens after the backup, with a note: the restore loses all of it.
late_case=$(cli --profile /root/bram case new --intake /srv/intake.json | tail -n 1)
cli --profile /root/bram case note "$late_case" --text "Na de back-up geopend." > /dev/null ||
    fail "a note in the case opened after the backup"
ok "backup taken in $backup_ms ms while bram wrote ($(stat -c %s "$root/var/backups/weerbaar/weerbaar.backup") bytes); $notes notes acknowledged in all"
# anne's audit check now remembers an anchor beyond the backup.
cli --profile /root/anne audit verify > /dev/null || fail "anne's audit check before the restore"
inside weerbaar-server verify-backup /var/backups/weerbaar/weerbaar.backup \
    --backup-secret-key /root/backup.secret \
    > "$work/verify.log" 2>&1 || {
    cat "$work/verify.log"
    fail "verify-backup"
}
ok "verify-backup: $(head -n 1 "$work/verify.log")"
inside systemctl stop weerbaar-server
inside mv /var/lib/weerbaar /var/lib/weerbaar.before
restore_started=$(date +%s%N)
inside weerbaar-server restore /var/backups/weerbaar/weerbaar.backup --data /var/lib/weerbaar \
    --backup-secret-key /root/backup.secret > "$work/restore.log" 2>&1 || {
    cat "$work/restore.log"
    fail "restore"
}
restore_ms=$((($(date +%s%N) - restore_started) / 1000000))
inside chown -R weerbaar:weerbaar /var/lib/weerbaar
inside systemctl start weerbaar-server
wait_active
inside journalctl -u weerbaar-server --no-pager -o cat | grep -q 'restored from backup' ||
    fail "the restored server did not announce the restore"
ok "restored in $restore_ms ms; the server announces the restore"
shown=$(cli --profile /root/bram case show "$case_id") || fail "bram's case does not heal"
while read -r note; do
    grep -qF "$note" <<< "$shown" || fail "'$note' was acknowledged and is lost"
done < "$root/srv/acknowledged"
ok "bram's client handed back what the restore lost: all $notes acknowledged notes are there"
cli --profile /root/bram case list > "$work/list.out" 2> "$work/list.err" ||
    fail "bram's case list after the restore: $(cat "$work/list.err")"
grep -q "$late_case" "$work/list.out" || fail "the case opened after the backup did not come back"
grep -q ': 2 records handed back' "$work/list.err" || fail "case list: $(cat "$work/list.err")"
cli --profile /root/bram case show "$late_case" | grep -qF "Na de back-up geopend." ||
    fail "the note in the case opened after the backup is lost"
ok "the case bram opened after the backup is opened again, with its note"
audited=$(cli --profile /root/anne audit verify) || fail "anne's audit check after the restore"
grep -q 'server restored from a backup' <<< "$audited" || fail "audit verify: $audited"
ok "anne's audit check takes the restore into account: $(tail -n 1 <<< "$audited")"

step "the root key survives the loss of the founder's laptop: 2 of 3 shares"
for c in carla dirk; do
    cfp=$(cli --profile /root/$c init --server 127.0.0.1:7443 --server-cert $crt --user $c \
        --org-fingerprint "$org_fp" | tail -n 1)
    cli --profile /root/anne member approve $c --role coordinator --fingerprint "$cfp" > /dev/null ||
        fail "approve $c"
done
cli --profile /root/anne org split-root --shares 3 --threshold 2 > /dev/null || fail "split-root"
inside rm -rf /root/anne
cli --profile /root/carla org release-share --to carla > /dev/null || fail "carla's release"
cli --profile /root/dirk org release-share --to carla > /dev/null || fail "dirk's release"
recovered=$(cli --profile /root/carla org recover-root) || fail "recover-root"
grep -q hersteld <<< "$recovered" || fail "recover-root: $recovered"
efp=$(cli --profile /root/eva init --server 127.0.0.1:7443 --server-cert $crt --user eva \
    --org-fingerprint "$org_fp" | tail -n 1)
cli --profile /root/carla member approve eva --role coordinator --fingerprint "$efp" > /dev/null ||
    fail "the recovered root key does not certify a coordinator"
ok "anne's profile deleted; carla recovered the root key from carla's and dirk's shares and certified eva"

step "rotate the TLS certificate: the clients follow it, endorsed by the audit key"
inside systemctl stop weerbaar-server
inside rm /var/lib/weerbaar/server.key /var/lib/weerbaar/server.crt
inside systemctl start weerbaar-server
wait_active
new_fp=$(inside journalctl -u weerbaar-server --no-pager -o cat |
    sed -n 's/^certificate fingerprint (SHA-256): //p' | tail -n 1)
followed=$(cli --profile /root/bram case show "$case_id" 2>&1 > /dev/null) ||
    fail "bram does not reach the server after the rotation: $followed"
grep -qF "$new_fp" <<< "$followed" || fail "bram's client did not say it followed $new_fp: $followed"
inside test -f /root/bram/server.crt.previous || fail "bram's profile has no server.crt.previous"
ok "new certificate $new_fp; bram's client followed it and said so"

step "remove: the service stops, data and settings stay"
inside apt-get remove -y -qq weerbaar-server > "$work/remove.log" 2>&1 || {
    cat "$work/remove.log"
    fail remove
}
[ "$(inside systemctl is-active weerbaar-server || true)" != active ] || fail "still running"
[ ! -e "$root/usr/bin/weerbaar-server" ] || fail "binary still there"
[ -f "$root/var/lib/weerbaar/weerbaar.db" ] && [ -f "$root/var/lib/weerbaar/db.key" ] ||
    fail "data gone on remove"
[ -f "$root/etc/weerbaar/server.toml" ] || fail "settings gone on remove"
ok "after remove: stopped; /var/lib/weerbaar and /etc/weerbaar/server.toml still there"

step "purge: data and settings gone"
inside apt-get purge -y -qq weerbaar-server > "$work/purge.log" 2>&1 || {
    cat "$work/purge.log"
    fail purge
}
[ ! -e "$root/var/lib/weerbaar" ] || fail "/var/lib/weerbaar left after purge"
[ ! -e "$root/etc/weerbaar" ] || fail "/etc/weerbaar left after purge"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/weerbaar-server.service" ] ||
    fail "the unit is still enabled"
ok "after purge: /var/lib/weerbaar, /etc/weerbaar and the unit's enablement are gone (the user stays)"

step "deb-test passed"
