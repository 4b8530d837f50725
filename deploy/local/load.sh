#!/usr/bin/env bash
# Load test on this machine: RabbitMQ + Redis on loopback, the receiver in Release, N signed callbacks at
# concurrency C. Prints throughput and latency percentiles. Bounded; every address is 127.0.0.1.
#   deploy/local/load.sh [count=5000] [concurrency=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-5000}"; concurrency="${2:-32}"
deploy/local/services.sh start

suite=wwloadsuite000001; token=LoadToken2026; key=gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc; corp=wwloadcorp0000001
for project in src/WeComGateway.Receiver tests/WeComGateway.LoadTest; do dotnet build -c Release -v q -nologo "$project" | grep -E "error|Warn" || true; done

export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export ConnectionStrings__RabbitMq=amqp://guest:guest@127.0.0.1:5672/ ConnectionStrings__Redis=127.0.0.1:6379
export WeCom__ProviderCorpId=wwloadprovider001 WeCom__Suites__0__SuiteId=$suite WeCom__Suites__0__Token=$token WeCom__Suites__0__EncodingAesKey=$key
dotnet src/WeComGateway.Receiver/bin/Release/net10.0/WeComGateway.Receiver.dll --urls http://127.0.0.1:5081 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:5081/health/live >/dev/null && break; sleep 0.2; done

# A subscriber queue, as a worker would have, so events take the normal path (not the unrouted parking).
api=http://127.0.0.1:15672/api; exchange='WeComGateway.Contracts%3AExternalContactAdded'
for _ in $(seq 1 100); do curl -fs -u guest:guest "$api/exchanges/%2F/$exchange" >/dev/null && break; sleep 0.2; done
curl -fs -u guest:guest -X PUT -H 'content-type: application/json' -d '{"durable":true}' "$api/queues/%2F/wecomgw-load" >/dev/null
curl -fs -u guest:guest -X POST -H 'content-type: application/json' -d '{}' "$api/bindings/%2F/e/$exchange/q/wecomgw-load" >/dev/null
trap 'kill $receiver 2>/dev/null || true; curl -fs -u guest:guest -X DELETE "$api/queues/%2F/wecomgw-load" >/dev/null || true' EXIT

dotnet tests/WeComGateway.LoadTest/bin/Release/net10.0/WeComGateway.LoadTest.dll receiver http://127.0.0.1:5081 $suite $token $key $corp "$count" "$concurrency"
