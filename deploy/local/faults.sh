#!/usr/bin/env bash
# The fault suite (docs/reliability.md, "Faults"): the receiver and the workers from Release builds as real processes,
# RabbitMQ + Redis on loopback, the WeCom emulator on 127.0.0.1:5095 (played by the load test). For each scenario a
# steady stream of signed customer adds while something breaks (a: RabbitMQ stop_app/start_app, b: Redis restarted and
# down 30 s, c: a worker SIGKILLed, d: WeCom answering 502/-1/45009 for 60 s, e: a node of a 3-node RabbitMQ cluster
# killed, f: two receivers + two worker hosts), then one row: sent, answered, published, welcomes sent / expired,
# 41051 refusals, tagged, lost, duplicated. Exit 1 when anything was lost or duplicated. Every service is restored
# after each scenario. Bounded (about 10 minutes for all); every address is 127.0.0.1. The suite's processes use their
# own RabbitMQ vhost and Redis database (other runs' events and due indexes never reach them, nor theirs others), but
# the faults of a and b stop the shared RabbitMQ and Redis for a few seconds: run those rarely.
#   deploy/local/faults.sh [scenario|a,b,…|all=all] [per-second=15] [corps=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario="${1:-all}"; rate="${2:-15}"; corps="${3:-4}"
deploy/local/services.sh start

suite=wwfltsuite0000001; token=FaultsToken2026; key=Qm9uZEZhdWx0U3VpdGVLZXkyMDI2Q2FsbGJhY2tzMDE; wecom_port=5095; prefix=faults
vhost=wecomgw-faults; redis_db=9
for project in src/WeComGateway.Receiver src/WeComGateway.Workers tests/WeComGateway.LoadTest; do
  dotnet build -c Release -v q -nologo "$project" | grep -E " error | warning " || true
done

export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export ConnectionStrings__RabbitMq=amqp://guest:guest@127.0.0.1:5672/$vhost ConnectionStrings__Redis=127.0.0.1:6379,defaultDatabase=$redis_db
export WeCom__ProviderCorpId=wwfltprovider0001 WeCom__Suites__0__SuiteId=$suite WeCom__Suites__0__Token=$token \
  WeCom__Suites__0__EncodingAesKey=$key WeCom__Suites__0__SuiteSecret=faults-suite-secret
export WeCom__ApiBaseUrl=http://127.0.0.1:$wecom_port Gateway__SecretsKey=$(head -c 32 /dev/urandom | base64)
export Workers__QueuePrefix=$prefix Automation__Reevaluation__Enabled=false

cleanup() {
  # Whatever happened: the shared services up again, the cluster gone, this suite's vhost and Redis database emptied.
  deploy/local/services.sh start-redis >/dev/null 2>&1 || true
  deploy/local/services.sh start-rabbitmq >/dev/null 2>&1 || true
  rabbitmqctl -q -n rabbit@localhost delete_vhost "$vhost" >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -n "$redis_db" flushdb >/dev/null
}
trap 'cleanup; deploy/local/rabbit-cluster.sh stop >/dev/null 2>&1 || true' EXIT
cleanup
rabbitmqctl -q -n rabbit@localhost add_vhost "$vhost"
rabbitmqctl -q -n rabbit@localhost set_permissions -p "$vhost" guest '.*' '.*' '.*'

dotnet tests/WeComGateway.LoadTest/bin/Release/net10.0/WeComGateway.LoadTest.dll faults "$scenario" \
  $suite $token $key $wecom_port "$rate" "$corps"
