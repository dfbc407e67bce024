#!/bin/bash
# Facing the internet: 2,000 idle TCP connections, 500 stalled in the TLS
# handshake and 500 stalled in the HTTP request, from 20 source addresses,
# and then a real client from another address connects and pings through
# the tunnel within 5 s.  sstpd's memory stays bounded, the refusals are
# counted in sstpctl status, and the log does not grow a line for each.
# timeout: 300
# shellcheck source=tests/host/lib.sh
. "$SSTP_SRC/tests/host/lib.sh"

sstpd=$SSTP_BUILD/sstpd
sstpctl=$SSTP_BUILD/sstpctl
client=$SSTP_BUILD/tests/tools/sstp-testclient
control=$HOST_TMP/sstpd.sock

host_netns_pair cli srv
# The flood's 20 sources, after the real client's 192.0.2.2.
for i in $(seq 100 119); do
	ip -n "$HOST_CLIENT_NS" addr add "192.0.2.$i/24" dev veth-c
done
printf 'alice * "correct horse" *\n' > "$HOST_TMP/users"
host_bg "$HOST_RESULTS/sstpd.log" ip netns exec "$HOST_SERVER_NS" "$sstpd" --foreground \
	--listen "$HOST_SERVER_ADDR:443" --state-dir "$HOST_TMP/state" --users "$HOST_TMP/users" \
	--pool 10.99.0.0/24 --datapath user --control "$control"
server_pid=$HOST_LAST_PID
host_wait 30 grep -q 'listening on' "$HOST_RESULTS/sstpd.log"
rss_kib() {
	awk '$1 == "VmRSS:" { print $2 }' "/proc/$server_pid/status"
}
rss0=$(rss_kib)

host_step "the flood: 3,000 connections from 20 addresses, held open"
# (A background job reads no here-document: the script goes to a file.)
cat > "$HOST_TMP/flood.py" <<'PY'
import resource, socket, ssl, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, (8192, 8192))
server = sys.argv[1]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
held, counts = [], {"idle": 0, "tls": 0, "http": 0, "lost": 0}
# A TLS record header announcing a ClientHello that never comes whole.
partial_hello = bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])
partial_http = (b"SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
                b"Host: vpn\r\n")
for n in range(3000):
    # Mixed as 4:1:1, so that what gets in holds every kind.
    kind = ("idle", "idle", "idle", "idle", "tls", "http")[n % 6]
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((f"192.0.2.{100 + n % 20}", 0))
    s.settimeout(5)
    try:
        s.connect((server, 443))
        if kind == "tls":
            s.sendall(partial_hello)
        elif kind == "http":
            s = ctx.wrap_socket(s)
            s.sendall(partial_http)
        held.append(s)
        counts[kind] += 1
    except OSError:
        counts["lost"] += 1
        s.close()
print("flood", " ".join(f"{k}={v}" for k, v in counts.items()), flush=True)
time.sleep(600)
PY
host_bg "$HOST_RESULTS/flood.log" ip netns exec "$HOST_CLIENT_NS" python3 "$HOST_TMP/flood.py" \
	"$HOST_SERVER_ADDR"
host_wait 240 grep -q '^flood ' "$HOST_RESULTS/flood.log"
cat "$HOST_RESULTS/flood.log"

host_step "a real client from another address: up and pinging within 5 s"
t0=$SECONDS
host_bg "$HOST_RESULTS/client.log" ip netns exec "$HOST_CLIENT_NS" "$client" \
	--server "$HOST_SERVER_ADDR:443" --user alice --password "correct horse" \
	--tun real0 --duration 60
host_wait 5 grep -q '^up ' "$HOST_RESULTS/client.log"
host_wait 5 ip netns exec "$HOST_CLIENT_NS" ping -c 1 -W 1 10.99.0.1
echo "the real client was up and pinging after $((SECONDS - t0)) s"
[ $((SECONDS - t0)) -le 5 ] || host_fail "the real client took $((SECONDS - t0)) s"

host_step "memory bounded, refusals counted, the log not flooded"
rss1=$(rss_kib)
echo "sstpd RSS: $rss0 KiB idle, $rss1 KiB under the flood"
# 512 unauthenticated connections at most, each well under 100 KiB.
[ "$rss1" -lt $((rss0 + 64 * 1024)) ] || host_fail "sstpd grew by $((rss1 - rss0)) KiB"
"$sstpctl" --control "$control" status | tee "$HOST_RESULTS/status.txt"
unauth=$(sed -n 's/^unauthenticated: \([0-9]*\)$/\1/p' "$HOST_RESULTS/status.txt")
[ -n "$unauth" ] && [ "$unauth" -le 320 ] ||
	host_fail "unauthenticated '$unauth': more than 20 sources x 16"
grep -Eq '^refused_per_source: [1-9]' "$HOST_RESULTS/status.txt" || host_fail "no refusal counted"
lines=$(wc -l < "$HOST_RESULTS/sstpd.log")
echo "sstpd's log: $lines lines"
[ "$(grep -c 'refused [0-9]* connections at accept' "$HOST_RESULTS/sstpd.log")" -le 30 ] ||
	host_fail "a refusal line per connection"
