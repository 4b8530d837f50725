#!/usr/bin/env bash
# The whole test suite, as CI runs it: starts RabbitMQ, Redis and a three-node Redis Cluster on loopback (installing
# them when missing), then runs every test project in the solution and prints one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."

deploy/local/services.sh start

export WECOMGW_TEST_RABBITMQ="${WECOMGW_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672/}"
export WECOMGW_TEST_REDIS="${WECOMGW_TEST_REDIS:-127.0.0.1:6379}"
export WECOMGW_TEST_REDIS_CLUSTER="${WECOMGW_TEST_REDIS_CLUSTER:-127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003}"
export WECOMGW_TEST_SERVICES="$PWD/deploy/local/services.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Test hosts (WebApplicationFactory) use the project directory as their content root: with config reload on, each
# host puts an inotify watch on the whole tree (bin/ and obj/ included), and once the machine's inotify limits are
# reached .NET's FileSystemWatcher spins at full CPU. Tests never edit their configuration files: no reload.
export DOTNET_hostBuilder__reloadConfigOnChange=false

log=$(mktemp)
status=0

# Alert rules: syntax and their unit tests, when promtool is installed (apt-get install prometheus); skipped otherwise.
if command -v promtool >/dev/null 2>&1; then
  { promtool check rules deploy/prometheus/alerts.yml && promtool test rules deploy/prometheus/alerts.test.yml; } || status=$?
else
  echo "promtool not found: deploy/prometheus/alerts.yml not checked (apt-get install prometheus provides it)"
fi

dotnet test WeComGateway.sln -c Release 2>&1 | tee "$log" || status=$?

# Deployment files: compose (docker-compose 1.29), RabbitMQ definitions, prometheus.yml, Kubernetes manifests
# (kubernetes-models schemas). Prints what it validated; a failure fails the test command.
deploy/validate.sh || status=$?

# dotnet test prints one summary per test project: "Passed!  - Failed:     0, Passed:    52, Skipped: ..."
awk '/(Passed|Failed)! +- Failed: /{
  gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) }
} END { printf "%d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"
