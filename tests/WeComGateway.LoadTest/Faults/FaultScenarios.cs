using WeComGateway.Testing;

namespace WeComGateway.LoadTest.Faults;

/// <summary>
/// The scenarios of deploy/local/faults.sh (docs/reliability.md, "Faults"). Every fault is undone in Restore, which
/// runs whatever happened; the shared RabbitMQ and Redis are down only for the seconds each scenario says.
/// </summary>
internal static class FaultScenarios
{
    private const string Services = "deploy/local/services.sh";
    private const string Cluster = "deploy/local/rabbit-cluster.sh";

    /// <summary>The APIs that answer errors in scenario d: the welcome, the tag, and what both need on the way.</summary>
    private static readonly string[] FailingApis = [WeComApis.SendWelcome, WeComApis.MarkTag, WeComApis.AddCorpTag, WeComApis.TagList, WeComApis.GetContact];

    public static IReadOnlyList<FaultScenario> All { get; } =
    [
        new("a", "RabbitMQ stop_app 10 s … start_app", TimeSpan.FromSeconds(40),
            async run =>
            {
                await run.At(10);
                await run.ShellAsync($"{Services} stop-rabbitmq");
                await run.At(20);
                await run.ShellAsync($"{Services} start-rabbitmq");
            },
            run => run.ShellAsync($"{Services} start-rabbitmq")),

        new("b", "Redis restarted, then down 30 s", TimeSpan.FromSeconds(75),
            async run =>
            {
                await run.At(8);
                await run.ShellAsync($"{Services} stop-redis && {Services} start-redis");
                await run.At(25);
                await run.ShellAsync($"{Services} stop-redis");
                await run.At(55);
                await run.ShellAsync($"{Services} start-redis");
            },
            run => run.ShellAsync($"{Services} start-redis")),

        new("c", "a worker SIGKILLed mid-message, started again", TimeSpan.FromSeconds(40),
            async run =>
            {
                await run.At(12);
                run.Workers[0].Kill();
                run.Note("worker killed (SIGKILL)");
                await run.At(15);
                await run.Workers[0].RestartAsync();
                run.Note("worker live again");
            },
            _ => Task.CompletedTask),

        new("d", "WeCom answers 502, then -1, then 45009 (20 s each)", TimeSpan.FromSeconds(80),
            async run =>
            {
                await run.At(10);
                await Plan(run, "http 502", api => run.WeCom.AnswerHttpAsync(api, 502, always: true));
                await run.At(30);
                await Plan(run, "errcode -1", api => run.WeCom.FailAlwaysAsync(api, -1, errmsg: "system busy"));
                await run.At(50);
                await Plan(run, "errcode 45009", api => run.WeCom.FailAlwaysAsync(api, 45009, errmsg: "api freq out of limit"));
                await run.At(70);
                await run.WeCom.HealAsync();
                run.Note("WeCom recovered");
            },
            run => run.WeCom.HealAsync()),

        new("e", "3-node RabbitMQ cluster, the node the processes are connected to killed and started again", TimeSpan.FromSeconds(45),
            async run =>
            {
                await run.At(10);
                await run.ShellAsync($"{Cluster} stop-node 1");
                await run.At(30);
                await run.ShellAsync($"{Cluster} start-node 1");
            },
            run => run.ShellAsync($"{Cluster} stop"))
        {
            RabbitMqUri = "amqp://guest:guest@127.0.0.1:5701/",
            ClusterNodes = "127.0.0.1:5702,127.0.0.1:5703",
            Prepare = run => run.ShellAsync($"{Cluster} start"),
        },

        new("f", "2 receivers + 2 worker hosts, every callback to both (every 5th twice), tokens expired", TimeSpan.FromSeconds(40),
            async run =>
            {
                foreach (var corp in run.Corps)
                {
                    await run.WeCom.ExpireCorpTokenAsync(corp.CorpId);
                }

                run.Note("every corp token expired at WeCom: both worker hosts must fetch a new one");
            },
            _ => Task.CompletedTask)
        {
            Receivers = 2,
            Workers = 2,
            Fanout = true,
        },
    ];

    private static async Task Plan(FaultContext run, string what, Func<string, Task> plan)
    {
        await run.WeCom.HealAsync();
        foreach (var api in FailingApis)
        {
            await plan(api);
        }

        run.Note($"WeCom answers {what} on {string.Join(", ", FailingApis)}");
    }
}
