#!/usr/bin/env bash
# `make run`: serve Weerbaar on ./var (127.0.0.1:7443). On the first run, also
# create a demo organisation with a coordinator, a confidant and two peers, whose
# profiles live under var/demo/, and print CLI lines to try. Serves until Ctrl-C.
set -euo pipefail

bin=${1:-build/bin}
data=${WEERBAAR_DATA:-var}
listen=${WEERBAAR_LISTEN:-127.0.0.1:7443}
demo=$data/demo
# A demo passphrase is public by design: the demo organisation holds no real cases.
demo_passphrase='demo-wachtwoord'

mkdir -p "$data"
log=$data/server.out
: >"$log"
"$bin/weerbaar-server" --data "$data" --listen "$listen" >"$log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; exit 0' INT TERM

for _ in $(seq 1 100); do
  grep -q '^listening on ' "$log" && break
  if ! kill -0 $server 2>/dev/null; then
    cat "$log" >&2
    echo "make run: the server did not start (is $listen in use?)" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q '^listening on ' "$log" || { cat "$log" >&2; echo "make run: server not ready" >&2; exit 1; }
cat "$log"

cli() { WEERBAAR_PASSPHRASE=$demo_passphrase "$bin/weerbaar" "$@"; }

if [ ! -d "$demo" ] && [ -f "$data/bootstrap-code" ]; then
  echo
  echo "First run: creating a demo organisation in $demo ..."
  mkdir -p "$demo"
  crt=$data/server.crt
  org_fp=$(cli --profile "$demo/anne" org create --server "$listen" --server-cert "$crt" \
      --bootstrap "$(cat "$data/bootstrap-code")" --user anne |
      sed -n 's/^organisatiesleutel\/organisation key fingerprint: //p')
  for member in bram:confidant carla:peer daan:peer rita:researcher; do
    user=${member%%:*}; role=${member##*:}
    fp=$(cli --profile "$demo/$user" init --server "$listen" --server-cert "$crt" --user "$user" \
         --org-fingerprint "$org_fp" | tail -n 1)
    cli --profile "$demo/anne" member approve "$user" --role "$role" --fingerprint "$fp" >/dev/null
  done
  cli --profile "$demo/anne" research setup >/dev/null
  echo "Demo organisation ready: anne (coordinator, holds the research key), bram (vertrouwenspersoon), carla and daan (peers), rita (onderzoeker)."
fi

if [ -d "$demo" ]; then
  cat <<MSG

Try it (in another terminal, from $(pwd)):
  export WEERBAAR_PASSPHRASE='$demo_passphrase'
  $bin/weerbaar --profile $demo/anne member list
  $bin/weerbaar --profile $demo/bram case new --intake docs/examples/intake.json
  $bin/weerbaar --profile $demo/bram case list
  $bin/weerbaar --profile $demo/bram case note CASE --text "Eerste gesprek gevoerd."
  $bin/weerbaar --profile $demo/bram case share CASE --with carla
  $bin/weerbaar --profile $demo/carla case show CASE
  $bin/weerbaar --profile $demo/daan case show CASE      # refused: not shared with daan
  # anonymised figures for research (open two cases first: k = 2), sealed to rita:
  $bin/weerbaar --profile $demo/anne research export --out $data/export --k 2 --for rita --from 2026Q1 --to 2026Q4
  $bin/weerbaar --profile $demo/rita research open $data/export/onderzoekspakket.wbrp --out $data/cijfers

Or in the desktop client, one window per member (passphrase: $demo_passphrase):
MSG
  if [ -x "$bin/weerbaar-desktop" ]; then
    for member in anne:coördinator bram:vertrouwenspersoon carla:peer daan:peer; do
      printf '  %-68s # %s\n' "$bin/weerbaar-desktop --profile $demo/${member%%:*} &" "${member##*:}"
    done
  else
    echo "  (weerbaar-desktop is not built: Qt 6 is missing; make deps installs it)"
  fi
fi
echo
echo "Serving on $listen; Ctrl-C stops the server."
wait $server
