#!/usr/bin/env bash
# Welcome latency on this machine: RabbitMQ + Redis on loopback, the receiver and the workers in Release, the WeCom
# emulator's open APIs on 127.0.0.1:5091 (played by the load test). Authorizes N corps through create_auth, then sends
# COUNT customer adds at RATE/s and prints, from callback posted to send_welcome_msg received, p50/p95/p99. Bounded; every address is 127.0.0.1.
#   deploy/local/welcome-latency.sh [count=1000] [per-second=50] [corps=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-1000}"; rate="${2:-50}"; corps="${3:-10}"
deploy/local/services.sh start

suite=wwlatsuite0000001; token=LatencyToken2026; key=gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc; wecom_port=5091; prefix=latency
for project in src/WeComGateway.Receiver src/WeComGateway.Workers tests/WeComGateway.LoadTest; do
  dotnet build -c Release -v q -nologo "$project" | grep -E " error | warning " || true
done

export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export ConnectionStrings__RabbitMq=amqp://guest:guest@127.0.0.1:5672/ ConnectionStrings__Redis=127.0.0.1:6379
export WeCom__ProviderCorpId=wwlatprovider0001 WeCom__Suites__0__SuiteId=$suite WeCom__Suites__0__Token=$token \
  WeCom__Suites__0__EncodingAesKey=$key WeCom__Suites__0__SuiteSecret=latency-suite-secret
export WeCom__ApiBaseUrl=http://127.0.0.1:$wecom_port Gateway__SecretsKey=$(head -c 32 /dev/urandom | base64)
export Workers__QueuePrefix=$prefix Automation__Reevaluation__Enabled=false

api=http://127.0.0.1:15672/api
cleanup() {
  kill "${receiver:-}" "${worker:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  for q in $(curl -fs -u guest:guest "$api/queues/%2F?columns=name" | grep -o "\"$prefix-[^\"]*\"" | tr -d '"'); do
    curl -fs -u guest:guest -X DELETE "$api/queues/%2F/$q" >/dev/null || true
  done
  redis-cli -h 127.0.0.1 --scan --pattern 'wecomgw:{wwlatcorp*' | xargs -r redis-cli -h 127.0.0.1 del >/dev/null
  redis-cli -h 127.0.0.1 srem wecomgw:automation:corps $(seq -f 'wwlatcorp%06g' 0 $((corps - 1))) >/dev/null
}
trap cleanup EXIT
cleanup

dotnet src/WeComGateway.Receiver/bin/Release/net10.0/WeComGateway.Receiver.dll --urls http://127.0.0.1:5082 &
receiver=$!
dotnet src/WeComGateway.Workers/bin/Release/net10.0/WeComGateway.Workers.dll --urls http://127.0.0.1:5083 &
worker=$!
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:5082/health/live >/dev/null && break; sleep 0.2; done
sleep 3 # the workers declare their queues and bind them

dotnet tests/WeComGateway.LoadTest/bin/Release/net10.0/WeComGateway.LoadTest.dll welcome http://127.0.0.1:5082 \
  $suite $token $key $wecom_port "$count" "$rate" "$corps"
