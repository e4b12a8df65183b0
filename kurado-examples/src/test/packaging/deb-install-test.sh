#!/usr/bin/env bash
# Installs the kurado-server and kurado-agent packages with dpkg -i, checks their files, runs the
# launchers as the user kurado (the server and the agent until SIGTERM, without touching a Redis),
# verifies the systemd units, installs them again over a changed configuration (which is kept),
# removes and purges them, and checks that nothing of them is left.
#
#   deb-install-test.sh kurado-server_<version>_all.deb kurado-agent_<version>_all.deb
#
# Exit status 0: passed; 77: cannot run on this machine (the reason on stderr); else: failed.
# Needs root and dpkg. It never starts the systemd services: where systemd runs, a policy-rc.d
# forbids starting them for the length of the test. Whatever happens, it purges both packages at
# the end, and removes the user kurado if it created it.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 SERVER.deb AGENT.deb" >&2; exit 2; }
server_deb=$(readlink -f "$1")
agent_deb=$(readlink -f "$2")

skip() { echo "SKIP: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

[ "$(id -u)" = 0 ] || skip "installing packages needs root"
command -v dpkg >/dev/null || skip "no dpkg: not a Debian system"
for deb in "$server_deb" "$agent_deb"; do
    [ -f "$deb" ] || fail "no package $deb (build with ./mvnw package)"
done
for tool in runuser systemd-analyze; do
    command -v "$tool" >/dev/null || skip "no $tool (apt-get install systemd)"
done
command -v adduser >/dev/null || skip "no adduser, which the packages depend on (apt-get install adduser)"

# One run at a time on this machine; dpkg itself refuses a second one.
exec 9>/run/lock/kurado-deb-install-test.lock
flock -w 600 9 || fail "another run of this test holds /run/lock/kurado-deb-install-test.lock"

# Never touch an installation of someone else's.
for p in kurado-server kurado-agent; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    case "$status" in
        "" | not-installed) ;;
        *) skip "$p is on this machine ($status); the test would purge it" ;;
    esac
done
for path in /etc/kurado /var/lib/kurado /etc/default/kurado-agent /etc/default/kurado-server; do
    [ ! -e "$path" ] || skip "$path exists on this machine; the test would replace or delete it"
done

user_existed=no
getent passwd kurado >/dev/null && user_existed=yes
made_policy=no
if [ -d /run/systemd/system ]; then
    if [ -e /usr/sbin/policy-rc.d ]; then
        rc=0
        /usr/sbin/policy-rc.d kurado-server.service start >/dev/null 2>&1 || rc=$?
        [ "$rc" = 101 ] || skip "systemd runs and /usr/sbin/policy-rc.d would let the packages start their services"
    else
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        made_policy=yes
    fi
fi
server_pid=
agent_pid=
cleanup() {
    for pid in $server_pid $agent_pid; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    dpkg --purge kurado-agent kurado-server >/dev/null 2>&1 || true
    if [ "$made_policy" = yes ]; then
        rm -f /usr/sbin/policy-rc.d
    fi
    if [ "$user_existed" = no ] && getent passwd kurado >/dev/null; then
        userdel kurado 2>/dev/null || true
        groupdel kurado 2>/dev/null || true
    fi
}
trap cleanup EXIT

quiet() { # runs a command, showing its output only when it fails
    local out
    if ! out=$("$@" 2>&1); then
        printf '%s\n' "$out" >&2
        fail "$*"
    fi
}
expect_file() { [ -f "$1" ] || fail "$1 is missing"; }
expect_gone() { [ ! -e "$1" ] && [ ! -L "$1" ] || fail "$1 is left after the purge"; }
expect_stat() { # path, expected "%U:%G %a"
    local got
    got=$(stat -c '%U:%G %a' "$1")
    [ "$got" = "$2" ] || fail "$1 is $got, expected $2"
}
contains() { # text, expected part, what
    case "$1" in
        *"$2"*) ;;
        *) printf '%s\n' "$1" >&2; fail "$3 does not contain '$2'" ;;
    esac
}

step "dpkg -i $(basename "$server_deb") $(basename "$agent_deb")"
quiet dpkg -i "$server_deb" "$agent_deb"
for p in kurado-server kurado-agent; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p")" = installed ] || fail "$p is not installed"
done

step "files"
for f in /usr/bin/kurado /usr/bin/kurado-agent; do
    [ -x "$f" ] || fail "$f is not executable"
done
for f in /usr/share/kurado/kurado.jar /usr/share/kurado-agent/kurado.jar \
        /usr/lib/systemd/system/kurado-server.service /usr/lib/systemd/system/kurado-agent.service \
        /etc/kurado/kurado.yml /etc/kurado/rolls/base.yml /etc/kurado/conf.d/processes.toml.example \
        /etc/default/kurado-server /etc/default/kurado-agent; do
    expect_file "$f"
done
conffiles=$(dpkg-query -W -f='${Conffiles}\n' kurado-server kurado-agent | awk 'NF { print $1 }' | sort | tr '\n' ' ')
[ "$conffiles" = "/etc/default/kurado-agent /etc/default/kurado-server /etc/kurado/conf.d/processes.toml.example /etc/kurado/kurado.yml /etc/kurado/rolls/base.yml " ] \
    || fail "the conffiles are: $conffiles"
uid=$(id -u kurado)
[ "$uid" -lt 1000 ] || fail "kurado is not a system user (uid $uid)"
expect_stat /var/lib/kurado "kurado:kurado 750"
expect_stat /var/lib/kurado/data "kurado:kurado 750"
expect_stat /etc/kurado/kurado.yml "root:kurado 640"
grep -q '^ExecReload=/bin/kill -HUP \$MAINPID$' /usr/lib/systemd/system/kurado-server.service \
    || fail "kurado-server.service does not reload the configuration on systemctl reload"
if command -v deb-systemd-helper >/dev/null; then
    for unit in kurado-server.service kurado-agent.service; do
        [ -L "/etc/systemd/system/multi-user.target.wants/$unit" ] || fail "$unit is not enabled"
    done
fi

step "launchers"
out=$(/usr/bin/kurado --version)
contains "$out" "Kurado 0." "kurado --version"
out=$(/usr/bin/kurado --help)
contains "$out" "Usage: kurado" "kurado --help"
out=$(/usr/bin/kurado-agent --help)
contains "$out" "--conf-d" "kurado-agent --help"
# the default configuration, read as the service reads it
out=$(runuser -u kurado -- /usr/bin/kurado config -c /etc/kurado/kurado.yml 2>&1) || { printf '%s\n' "$out" >&2; fail "kurado config -c /etc/kurado/kurado.yml"; }
contains "$out" "OK. config loaded!" "kurado config -c /etc/kurado/kurado.yml"
# the agent with the options of /etc/default/kurado-agent, as its user; --dump needs no Redis
# shellcheck disable=SC1091
opts=$(. /etc/default/kurado-agent && printf '%s' "$KURADO_AGENT_OPTS")
# shellcheck disable=SC2086
out=$(cd / && runuser -u kurado -- /usr/bin/kurado-agent $opts --dump 2>&1) || { printf '%s\n' "$out" >&2; fail "kurado-agent $opts --dump"; }
contains "$out" "base.metrics.cpu" "kurado-agent $opts --dump"
# the example command plugin, once named *.toml
plugins=$(mktemp -d)
cp /etc/kurado/conf.d/processes.toml.example "$plugins/processes.toml"
chmod 755 "$plugins" && chmod 644 "$plugins/processes.toml"
out=$(cd / && runuser -u kurado -- /usr/bin/kurado-agent --self-ip 10.0.0.1 --conf-d "$plugins" --dump 2>&1) || { printf '%s\n' "$out" >&2; fail "kurado-agent --conf-d with the example plugin"; }
rm -rf "$plugins"
contains "$out" "$(printf '10.0.0.1\tprocesses.metrics.fork.derive\t')" "the dump with the example plugin"
contains "$out" "$(printf '10.0.0.1\tprocesses.metrics.running.gauge\t')" "the dump with the example plugin"

step "the services' commands as the user kurado, until SIGTERM"
free_port() { # a port nothing listens on
    local port
    while :; do
        port=$((20000 + RANDOM % 20000))
        (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}
await_line() { # log file, text, pid: waits up to 60 s for the text while the process runs
    local i
    for i in $(seq 1 600); do
        grep -qF "$2" "$1" && return
        kill -0 "$3" 2>/dev/null || { cat "$1" >&2; fail "the process stopped before it logged '$2'"; }
        sleep 0.1
    done
    cat "$1" >&2
    fail "no '$2' within 60 s"
}
stop_expecting_143() { # pid, log file, what
    local status=0
    kill -TERM "$1"
    wait "$1" || status=$?
    [ "$status" = 143 ] || { cat "$2" >&2; fail "$3 exited with $status after SIGTERM, not 143 (the units' SuccessExitStatus)"; }
}
# the server: the default configuration, but without Redis (never the one on 6379) and on a free port
web=$(free_port)
run=$(mktemp -d)
chmod 755 "$run"
sed -e '/^  redis:/d' -e "s/^  listen: .*/  listen: 127.0.0.1:$web/" -e 's#^  rolls_dir: rolls#  rolls_dir: /etc/kurado/rolls#' \
    /etc/kurado/kurado.yml > "$run/kurado.yml"
chmod 644 "$run/kurado.yml"
(cd /var/lib/kurado && exec setpriv --reuid=kurado --regid=kurado --init-groups \
    /usr/bin/kurado server -c "$run/kurado.yml") > "$run/server.log" 2>&1 &
server_pid=$!
await_line "$run/server.log" "Kurado is running" "$server_pid"
exec 3<>"/dev/tcp/127.0.0.1/$web"
printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
answer=$(head -1 <&3)
exec 3<&-
contains "$answer" " 200" "the web UI's answer to GET /"
stop_expecting_143 "$server_pid" "$run/server.log" "kurado server"
server_pid=
[ -d /var/lib/kurado/data/.journal ] || fail "the server wrote no journal into /var/lib/kurado/data"
[ "$(stat -c %U /var/lib/kurado/data/.journal)" = kurado ] || fail "/var/lib/kurado/data/.journal does not belong to kurado"
# the agent, pushing to a port where nothing listens
(cd / && exec setpriv --reuid=kurado --regid=kurado --init-groups \
    /usr/bin/kurado-agent --mq "127.0.0.1:$(free_port)" --conf-d /etc/kurado/conf.d) > "$run/agent.log" 2>&1 &
agent_pid=$!
await_line "$run/agent.log" "start kurado agent" "$agent_pid"
stop_expecting_143 "$agent_pid" "$run/agent.log" "kurado-agent"
agent_pid=
rm -rf "$run"

step "systemd-analyze verify"
out=$(systemd-analyze verify /usr/lib/systemd/system/kurado-server.service /usr/lib/systemd/system/kurado-agent.service 2>&1) \
    || { printf '%s\n' "$out" >&2; fail "systemd-analyze verify"; }
if printf '%s\n' "$out" | grep -q kurado; then
    printf '%s\n' "$out" >&2
    fail "systemd-analyze verify warns about the units"
fi

step "dpkg -i again over a changed configuration and data"
echo "# changed by the administrator" >> /etc/kurado/kurado.yml
echo "# changed by the administrator" >> /etc/default/kurado-agent
echo data > /var/lib/kurado/data/marker
quiet dpkg -i "$server_deb" "$agent_deb"
contains "$(cat /etc/kurado/kurado.yml)" "# changed by the administrator" "/etc/kurado/kurado.yml after the upgrade"
contains "$(cat /etc/default/kurado-agent)" "# changed by the administrator" "/etc/default/kurado-agent after the upgrade"
expect_file /var/lib/kurado/data/marker
expect_stat /etc/kurado/kurado.yml "root:kurado 640"

step "dpkg --remove kurado-agent, then --purge both"
quiet dpkg --remove kurado-agent
expect_gone /usr/bin/kurado-agent
expect_file /etc/default/kurado-agent
quiet dpkg --purge kurado-agent kurado-server
for p in kurado-server kurado-agent; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    case "$status" in "" | not-installed) ;; *) fail "$p is $status after the purge" ;; esac
done
for path in /usr/bin/kurado /usr/bin/kurado-agent /usr/share/kurado /usr/share/kurado-agent \
        /usr/lib/systemd/system/kurado-server.service /usr/lib/systemd/system/kurado-agent.service \
        /etc/kurado /etc/default/kurado-server /etc/default/kurado-agent /var/lib/kurado \
        /etc/systemd/system/kurado-server.service /etc/systemd/system/kurado-agent.service \
        /etc/systemd/system/multi-user.target.wants/kurado-server.service \
        /etc/systemd/system/multi-user.target.wants/kurado-agent.service \
        /var/lib/systemd/deb-systemd-helper-enabled/kurado-server.service.dsh-also \
        /var/lib/systemd/deb-systemd-helper-enabled/kurado-agent.service.dsh-also \
        /var/lib/systemd/deb-systemd-helper-masked/kurado-server.service \
        /var/lib/systemd/deb-systemd-helper-masked/kurado-agent.service; do
    expect_gone "$path"
done
if dpkg-statoverride --list /etc/kurado/kurado.yml >/dev/null; then
    fail "the stat override of /etc/kurado/kurado.yml is left after the purge"
fi
getent passwd kurado >/dev/null || fail "the purge removed the user kurado (Debian leaves system users)"

echo "PASSED: both packages installed, ran, verified, kept their configuration on upgrade and purged cleanly"
