using WeComGateway.LoadTest;

// Load scripts that print their numbers (deploy/local/load.sh, deploy/local/welcome-latency.sh). Loopback only.
return args switch
{
    ["receiver", .. var rest] => await ReceiverLoad.RunAsync(rest),
    ["welcome", .. var rest] => await WelcomeLatency.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: WeComGateway.LoadTest receiver <base-url> <suite-id> <token> <aes-key> <corp-id> [count] [concurrency]");
    Console.Error.WriteLine("       WeComGateway.LoadTest welcome <base-url> <suite-id> <token> <aes-key> <wecom-port> [count=1000] [per-second=50] [corps=10]");
    return 2;
}
