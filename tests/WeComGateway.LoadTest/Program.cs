using WeComGateway.LoadTest;
using WeComGateway.LoadTest.Faults;

// Load scripts that print their numbers (deploy/local/load.sh, deploy/local/welcome-latency.sh, deploy/local/hostile.sh, deploy/local/faults.sh). Loopback only.
return args switch
{
    ["ratio", .. var rest] => await ReceiverRatio.RunAsync(rest),
    ["welcome", .. var rest] => await WelcomeLatency.RunAsync(rest),
    ["hostile", .. var rest] => await HostileInput.RunAsync(rest),
    ["faults", .. var rest] => await FaultSuite.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: WeComGateway.LoadTest ratio <receiver-url> <suite-id> <token> <aes-key> <corp-id> <rabbitmq-uri> [count=5000] [concurrency=64] [rounds=3] [open-rate=1000] [open-seconds=10]");
    Console.Error.WriteLine("       WeComGateway.LoadTest welcome <base-url> <suite-id> <token> <aes-key> <wecom-port> [count=1000] [per-second=50] [corps=10]");
    Console.Error.WriteLine("       WeComGateway.LoadTest hostile <receiver-url> <suite-id> <token> <aes-key> <rabbitmq-uri> [count=100000] [concurrency=32] [pid=0] [seed=14] [slow=40]");
    Console.Error.WriteLine("       WeComGateway.LoadTest faults <scenario|all> <suite-id> <token> <aes-key> <wecom-port> [per-second=15] [corps=4]");
    return 2;
}
