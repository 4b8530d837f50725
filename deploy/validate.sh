#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a cluster, as CI runs it (deploy/local/test.sh calls it):
#   (a) deploy/compose.yaml with Debian's docker-compose 1.29 (`config -q`), installed with apt-get when missing;
#       deploy/rabbitmq/definitions.json parses as JSON; deploy/prometheus/prometheus.yml with promtool when present;
#   (b) every YAML document under deploy/k8s against the Kubernetes schemas (npm package kubernetes-models,
#       pinned in deploy/k8s/validate/package-lock.json, installed with `npm ci`).
# Prints what it checked; exits non-zero on the first failing part (after running all of them).
#   deploy/validate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[validate] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  as_root apt-get install -y -qq "$@" >/dev/null
}
status=0

# (a) compose
if ! command -v docker-compose >/dev/null 2>&1; then
  log "installing docker-compose (apt-get)"
  apt_install docker-compose
fi
log "compose: $(docker-compose version --short) config -q deploy/compose.yaml --env-file deploy/compose.env.example"
if docker-compose -f deploy/compose.yaml --env-file deploy/compose.env.example config -q; then
  services=$(docker-compose -f deploy/compose.yaml --env-file deploy/compose.env.example config --services | tr '\n' ' ')
  log "compose: ok (services: ${services% })"
else
  log "compose: FAILED"; status=1
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "installing nodejs npm (apt-get)"
  apt_install nodejs npm
fi

if node -e 'JSON.parse(require("fs").readFileSync("deploy/rabbitmq/definitions.json", "utf8"))'; then
  log "rabbitmq: deploy/rabbitmq/definitions.json ok"
else
  log "rabbitmq: deploy/rabbitmq/definitions.json FAILED"; status=1
fi

if command -v promtool >/dev/null 2>&1; then
  if promtool check config deploy/prometheus/prometheus.yml >/dev/null; then
    log "prometheus: deploy/prometheus/prometheus.yml ok (promtool, rule files included)"
  else
    promtool check config deploy/prometheus/prometheus.yml || true; log "prometheus: FAILED"; status=1
  fi
else
  log "prometheus: promtool not found, deploy/prometheus/prometheus.yml not checked (apt-get install prometheus)"
fi

# (b) Kubernetes manifests
log "k8s: npm ci in deploy/k8s/validate (kubernetes-models, yaml)"
if (cd deploy/k8s/validate && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
  if node deploy/k8s/validate/validate.mjs deploy/k8s; then
    log "k8s: ok"
  else
    log "k8s: FAILED"; status=1
  fi
else
  log "k8s: npm ci FAILED"; status=1
fi

[ "$status" -eq 0 ] && log "deployment files valid" || log "deployment files INVALID"
exit "$status"
