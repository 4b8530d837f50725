#!/usr/bin/env bash
# Installs (when missing) and starts RabbitMQ and Redis on 127.0.0.1 without systemd, then waits until both answer.
# Idempotent: servers already answering are left alone. Used by test.sh and by developers.
#   deploy/local/services.sh start | stop-rabbitmq | start-rabbitmq | start-redis-cluster | stop-redis | start-redis | status
set -euo pipefail

RABBITMQ_NODE="rabbit@localhost"
export ERL_EPMD_ADDRESS=127.0.0.1  # epmd is started by whichever Erlang program runs first
REDIS_PORT=6379
REDIS_DIR=/var/lib/redis/wecomgw
# A three-node Redis Cluster beside the single node, for the store tests (keys of one corp share a hash slot).
REDIS_CLUSTER_PORTS=(7001 7002 7003)
REDIS_CLUSTER_DIR=/var/lib/redis/wecomgw-cluster
log() { printf '[services] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # policy-rc.d: the packages must not try to start services through init (there is none in CI).
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null && as_root chmod +x /usr/sbin/policy-rc.d
    fi
    as_root apt-get update -qq
    as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

configure_rabbitmq() {
  # Loopback only, a fixed node name so rabbitmqctl finds it; management UI for ops (DLQ tooling); Prometheus metrics
  # on :15692 with one series per queue (rabbitmq_queue_messages{queue="…_error"}: the dead-letter alert), as in
  # deploy/rabbitmq/rabbitmq.conf. Read when the node starts: a node already running keeps what it started with.
  as_root mkdir -p /etc/rabbitmq
  printf 'NODENAME=%s\nNODE_IP_ADDRESS=127.0.0.1\nexport ERL_EPMD_ADDRESS=127.0.0.1\nSERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"\n' "$RABBITMQ_NODE" \
    | as_root tee /etc/rabbitmq/rabbitmq-env.conf >/dev/null
  printf '%s\n' 'listeners.tcp.default = 127.0.0.1:5672' 'management.tcp.ip = 127.0.0.1' 'management.tcp.port = 15672' \
    'prometheus.tcp.ip = 127.0.0.1' 'prometheus.tcp.port = 15692' 'prometheus.return_per_object_metrics = true' \
    | as_root tee /etc/rabbitmq/rabbitmq.conf >/dev/null
  printf '[rabbitmq_management,rabbitmq_prometheus].\n' | as_root tee /etc/rabbitmq/enabled_plugins >/dev/null
}

rabbitmq_up() { rabbitmqctl -q -n "$RABBITMQ_NODE" ping >/dev/null 2>&1; }
rabbitmq_app_running() { rabbitmqctl -q -n "$RABBITMQ_NODE" eval 'rabbit:is_running().' 2>/dev/null | grep -q true; }

start_rabbitmq() {
  if rabbitmq_up; then
    rabbitmq_app_running || rabbitmqctl -q -n "$RABBITMQ_NODE" start_app
  else
    configure_rabbitmq
    log "starting rabbitmq-server"
    as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  fi
  # The node takes a few seconds to register with epmd; await_startup fails at once on a node that is not there yet.
  for _ in $(seq 1 120); do rabbitmqctl -q -n "$RABBITMQ_NODE" ping >/dev/null 2>&1 && break; sleep 1; done
  rabbitmqctl -q -n "$RABBITMQ_NODE" await_startup --timeout 120
  log "rabbitmq ready on 127.0.0.1:5672"
}

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

start_redis() {
  if ! redis_up; then
    log "starting redis-server"
    as_root mkdir -p "$REDIS_DIR"
    # appendonly: the fallback outbox is a Redis stream and must survive a Redis restart.
    as_root redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$REDIS_DIR" \
      --appendonly yes --appendfsync everysec --save '' --logfile "$REDIS_DIR/redis.log"
  fi
  for _ in $(seq 1 100); do redis_up && { log "redis ready on 127.0.0.1:$REDIS_PORT"; return 0; }; sleep 0.1; done
  log "redis did not answer"; return 1
}

cluster_node_up() { redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG; }
cluster_ok() { redis-cli -h 127.0.0.1 -p "${REDIS_CLUSTER_PORTS[0]}" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }

start_redis_cluster() {
  local port
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    if ! cluster_node_up "$port"; then
      log "starting redis-server (cluster node) on 127.0.0.1:$port"
      as_root mkdir -p "$REDIS_CLUSTER_DIR/$port"
      # Test data only: no persistence, so a restarted node joins empty and the cluster is created again below.
      as_root redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --dir "$REDIS_CLUSTER_DIR/$port" \
        --cluster-enabled yes --cluster-config-file "$REDIS_CLUSTER_DIR/$port/nodes.conf" --cluster-node-timeout 5000 \
        --appendonly no --save '' --logfile "$REDIS_CLUSTER_DIR/$port/redis.log"
    fi
  done
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    for _ in $(seq 1 100); do cluster_node_up "$port" && break; sleep 0.1; done
    cluster_node_up "$port" || { log "redis cluster node $port did not answer"; return 1; }
  done
  if ! cluster_ok; then
    # Slots are assigned only once: a node that already knows its cluster is left alone.
    if [ "$(redis-cli -h 127.0.0.1 -p "${REDIS_CLUSTER_PORTS[0]}" cluster info | awk -F: '/^cluster_slots_assigned/{print $2}' | tr -d '\r')" = "0" ]; then
      log "creating the redis cluster"
      redis-cli --cluster create $(printf '127.0.0.1:%s ' "${REDIS_CLUSTER_PORTS[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
    fi
  fi
  for _ in $(seq 1 200); do cluster_ok && { log "redis cluster ready on 127.0.0.1:${REDIS_CLUSTER_PORTS[*]}"; return 0; }; sleep 0.1; done
  log "redis cluster did not reach cluster_state:ok"; return 1
}

case "${1:-start}" in
  start) install_missing; start_redis; start_redis_cluster; start_rabbitmq ;;
  start-redis-cluster) start_redis_cluster ;;
  stop-rabbitmq) rabbitmqctl -q -n "$RABBITMQ_NODE" stop_app ;;
  start-rabbitmq) start_rabbitmq ;;
  stop-redis) redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true; ! redis_up ;;  # appendonly: the outbox survives
  start-redis) start_redis ;;
  status) rabbitmq_up && rabbitmq_app_running && echo "rabbitmq: up" || echo "rabbitmq: down"; redis_up && echo "redis: up" || echo "redis: down"; cluster_ok && echo "redis cluster: up" || echo "redis cluster: down" ;;
  *) echo "usage: $0 start|stop-rabbitmq|start-rabbitmq|start-redis-cluster|stop-redis|start-redis|status" >&2; exit 2 ;;
esac
