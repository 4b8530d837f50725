#!/usr/bin/env bash
# Receiver throughput against the broker's own ceiling, side by side in one run, on this machine: RabbitMQ + Redis on
# loopback, the receiver in Release with the logging configuration it ships with (appsettings.json: Information).
# First 5,000 events through each path, not counted (connections, bindings, the JIT's tiers). Each round: MassTransit confirmed publishes of the same events to a quorum-queue subscriber (the ceiling), then the
# same number of distinct signed callbacks through the receiver; prints both, ratio=receiver/ceiling and lost (2xx
# whose event never reached the subscriber) and the CPU each event cost in each process. Then an open-loop run at a fixed offered rate (p50/p99/p999).
#   deploy/local/load.sh [count=5000] [concurrency=64] [rounds=3] [open-rate=1000] [open-seconds=10]
# Extra receiver settings can be passed as environment variables (e.g. Logging__LogLevel__Default=Warning to compare).
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-5000}"; concurrency="${2:-64}"; rounds="${3:-3}"; rate="${4:-1000}"; seconds="${5:-10}"
deploy/local/services.sh start

suite=wwloadsuite000001; token=LoadToken2026; key=gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc; corp=wwloadcorp0000001
rabbit=amqp://guest:guest@127.0.0.1:5672/
for project in src/WeComGateway.Receiver tests/WeComGateway.LoadTest; do dotnet build -c Release -v q -nologo "$project" | grep -E "error|Warn" || true; done

export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__RabbitMq=$rabbit ConnectionStrings__Redis=127.0.0.1:6379
export WeCom__ProviderCorpId=wwloadprovider001 WeCom__Suites__0__SuiteId=$suite WeCom__Suites__0__Token=$token WeCom__Suites__0__EncodingAesKey=$key
# From its own directory, as the container runs it (WORKDIR /app): appsettings.json is the configuration a user gets.
(cd src/WeComGateway.Receiver/bin/Release/net10.0 && exec dotnet WeComGateway.Receiver.dll --urls http://127.0.0.1:5090) > /tmp/wecomgw-load-receiver.log 2>&1 &
receiver=$!
api=http://127.0.0.1:15672/api
cleanup() {
  kill "$receiver" 2>/dev/null || true
  curl -fs -u guest:guest -X DELETE "$api/queues/%2F/wecomgw-load-subscriber" >/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:5090/health/live >/dev/null && break; sleep 0.2; done
# CPU per event by process (read from /proc): the receiver, the broker and Redis listening on loopback.
listener() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
export WECOMGW_LOAD_PIDS="receiver=$receiver broker=$(listener 5672) redis=$(listener 6379)"

dotnet tests/WeComGateway.LoadTest/bin/Release/net10.0/WeComGateway.LoadTest.dll ratio http://127.0.0.1:5090 $suite $token $key $corp "$rabbit" \
  "$count" "$concurrency" "$rounds" "$rate" "$seconds"
echo "receiver log lines: $(wc -l < /tmp/wecomgw-load-receiver.log) (/tmp/wecomgw-load-receiver.log)"
