#!/usr/bin/env bash
# Hostile input at volume against the receiver in Release, on this machine: RabbitMQ + Redis on loopback, the same
# settings as load.sh. Sends generated hostile requests (bit flips, broken base64 and padding, DTDs, deep nesting,
# attribute floods, invalid UTF-8, duplicated elements, oversized bodies, wrong methods and content types, failed URL
# handshakes) plus slowloris connections; prints answers by category, status and reason, the receiver's RSS every
# 10,000 requests, what was published (must be 0) and whether it is alive. Exits non-zero on any 5xx, 2xx or publish.
#   deploy/local/hostile.sh [count=100000] [concurrency=32] [seed=14] [slow=40]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-100000}"; concurrency="${2:-32}"; seed="${3:-14}"; slow="${4:-40}"
deploy/local/services.sh start

suite=wwloadsuite000001; token=LoadToken2026; key=gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc
rabbit=amqp://guest:guest@127.0.0.1:5672/
for project in src/WeComGateway.Receiver tests/WeComGateway.LoadTest; do dotnet build -c Release -v q -nologo "$project" | grep -E "error|Warn" || true; done

export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__RabbitMq=$rabbit ConnectionStrings__Redis=127.0.0.1:6379
export WeCom__ProviderCorpId=wwloadprovider001 WeCom__Suites__0__SuiteId=$suite WeCom__Suites__0__Token=$token WeCom__Suites__0__EncodingAesKey=$key
# Every refusal logs a Warning: at 100,000 requests the log is large but bounded; it stays in /tmp.
(cd src/WeComGateway.Receiver/bin/Release/net10.0 && exec dotnet WeComGateway.Receiver.dll --urls http://127.0.0.1:5091) > /tmp/wecomgw-hostile-receiver.log 2>&1 &
receiver=$!
trap 'kill "$receiver" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:5091/health/live >/dev/null && break; sleep 0.2; done

status=0
dotnet tests/WeComGateway.LoadTest/bin/Release/net10.0/WeComGateway.LoadTest.dll hostile http://127.0.0.1:5091 $suite $token $key "$rabbit" \
  "$count" "$concurrency" "$receiver" "$seed" "$slow" || status=$?
echo "receiver log: $(wc -l < /tmp/wecomgw-hostile-receiver.log) lines, $(grep -c 'fail:\|crit:' /tmp/wecomgw-hostile-receiver.log || true) at error or above (/tmp/wecomgw-hostile-receiver.log)"
exit $status
