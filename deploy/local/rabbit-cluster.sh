#!/usr/bin/env bash
# A three-node RabbitMQ cluster on loopback for the fault suite (deploy/local/faults.sh, scenario e), beside and apart
# from the single node on 5672 that everything else uses: nodes wgc1..3@localhost, AMQP on 127.0.0.1:5701..5703,
# Erlang distribution on 25701..25703, no management plugin, their own config, data, logs and pid files under
# /tmp/wecomgw-rabbit-cluster. Started without systemd (rabbitmq-server -detached, run as the rabbitmq user by the
# Debian wrapper, so the nodes share that user's Erlang cookie with rabbitmqctl). Every queue is mirrored to all
# three nodes (classic mirroring: the gateway declares classic queues) and its leader is placed on the node with the
# fewest leaders, so losing any node loses the leaders of some queues and their mirrors take over.
#   deploy/local/rabbit-cluster.sh start | stop | stop-node N | start-node N | status
set -euo pipefail

BASE=/tmp/wecomgw-rabbit-cluster
NODES=(1 2 3)
export ERL_EPMD_ADDRESS=127.0.0.1
log() { printf '[rabbit-cluster] %s\n' "$*" >&2; }

node_name() { echo "wgc$1@localhost"; }
ctl() { local n="$1"; shift; rabbitmqctl -q -n "$(node_name "$n")" "$@"; }
node_up() { ctl "$1" ping >/dev/null 2>&1; }

start_node() {
  local n="$1" dir="$BASE/wgc$1"
  if node_up "$n"; then return 0; fi
  mkdir -p "$dir/mnesia" "$dir/log"
  # Our own config and env files: the node must not read /etc/rabbitmq (port 5672, management on 15672).
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$((5700 + n))" >"$dir/rabbitmq.conf"
  printf '[].\n' >"$dir/enabled_plugins"
  printf 'NODE_IP_ADDRESS=127.0.0.1\n' >"$dir/rabbitmq-env.conf"
  chown -R rabbitmq:rabbitmq "$BASE"
  log "starting $(node_name "$n") on 127.0.0.1:$((5700 + n))"
  RABBITMQ_NODENAME="$(node_name "$n")" RABBITMQ_NODE_PORT=$((5700 + n)) RABBITMQ_DIST_PORT=$((25700 + n)) \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/pid" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 90); do node_up "$n" && break; sleep 1; done
  ctl "$n" await_startup --timeout 90
}

# Abrupt loss: SIGKILL to the node's Erlang VM, as a crashed host would.
kill_node() {
  local pid_file="$BASE/wgc$1/pid" other=$(( $1 % 3 + 1 )) leaders
  if [ -s "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    leaders=$(ctl "$other" list_queues name pid --no-table-headers 2>/dev/null | awk -v n="<$(node_name "$1")" 'index($2, n) == 1' | wc -l)
    log "killing $(node_name "$1") (SIGKILL); it leads $leaders of $(ctl "$other" list_queues name --no-table-headers 2>/dev/null | wc -l) queues"
    kill -KILL "$(cat "$pid_file")"
  fi
  for _ in $(seq 1 50); do node_up "$1" || return 0; sleep 0.2; done
  log "$(node_name "$1") still answers"; return 1
}

start_cluster() {
  local n
  for n in "${NODES[@]}"; do start_node "$n"; done
  for n in 2 3; do
    if ! ctl "$n" cluster_status 2>/dev/null | grep -q "$(node_name 1)"; then
      log "joining $(node_name "$n") to $(node_name 1)"
      ctl "$n" stop_app
      ctl "$n" join_cluster "$(node_name 1)"
      ctl "$n" start_app
    fi
  done
  ctl 1 set_policy --apply-to queues wecomgw-mirrored '.*' \
    '{"ha-mode":"all","ha-sync-mode":"automatic","queue-master-locator":"min-masters"}' >/dev/null
  log "cluster ready: $(node_name 1), $(node_name 2), $(node_name 3) on 127.0.0.1:5701..5703"
}

stop_cluster() {
  local n
  for n in 3 2 1; do node_up "$n" && { ctl "$n" stop >/dev/null 2>&1 || kill_node "$n"; }; done
  rm -rf "$BASE"
  log "cluster stopped and its data removed"
}

node_arg() { case "${1:-}" in 1|2|3) echo "$1" ;; *) echo "usage: $0 stop-node|start-node 1|2|3" >&2; exit 2 ;; esac; }

case "${1:-status}" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  stop-node) kill_node "$(node_arg "${2:-}")" ;;
  start-node) start_node "$(node_arg "${2:-}")"; log "$(node_name "$2") back" ;;
  status) for n in "${NODES[@]}"; do node_up "$n" && echo "$(node_name "$n"): up" || echo "$(node_name "$n"): down"; done
          node_up 1 && ctl 1 cluster_status | grep -A4 -i "running nodes" || true ;;
  *) echo "usage: $0 start|stop|stop-node N|start-node N|status" >&2; exit 2 ;;
esac
