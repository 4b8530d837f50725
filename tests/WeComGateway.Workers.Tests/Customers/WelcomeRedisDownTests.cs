using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Channels;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Media;
using WeComGateway.Storage.Tickets;
using WeComGateway.Storage.Tokens;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

/// <summary>
/// Welcomes while Redis is unreachable (docs/reliability.md, "Redis down: welcomes"): sent inside WeCom's 20 s window
/// without the claim, from what the worker read before; never twice, since WeCom refuses a reused welcome code (41051).
/// </summary>
public sealed class WelcomeRedisDownTests
{
    private const string 李雷 = "wmWelcomeRedisDown01";
    private const string 韩梅梅 = "wmWelcomeRedisDown02";

    [Fact]
    public async Task Claim_store_down_the_welcome_is_sent_unclaimed_and_a_redelivered_copy_gets_41051_instead_of_a_second_welcome()
    {
        var claims = new StoreOutage { Down = true };
        await using var worker = await AutomationHarness.StartAsync((services, _) => Behind<IClaimStore, InMemoryClaimStore>(services, claims));
        using var unclaimed = Collect(worker, "wecomgw.welcome.unclaimed");
        using var skipped = Collect(worker, "wecomgw.welcome.skipped");
        var added = Added(worker.CorpId, 李雷, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode());

        await worker.DeliverAsync(added);
        await worker.DeliverAsync(added); // the copy a redelivery (or WeCom's retry of the callback) brings

        Assert.Equal([0, 41051], (await worker.WeCom.CallsAsync(WeComApis.SendWelcome)).Select(c => c.Errcode));
        Assert.Single((await worker.WeCom.StateAsync()).Welcomes);
        Assert.Single(worker.Published<WelcomeMessageSent>());
        Assert.Empty(worker.Published<WelcomeMessageExpired>());
        Assert.Equal(2, unclaimed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("already_chatting", Assert.Single(skipped.GetMeasurementSnapshot()).Tags["reason"]);
        Assert.True(claims.Refused >= 2);
    }

    [Fact]
    public async Task Redis_down_the_welcome_is_chosen_from_the_rules_read_before_and_sent_with_the_token_held()
    {
        var redis = new StoreOutage();
        await using var worker = await AutomationHarness.StartAsync((services, _) => RedisBehind(services, redis));
        using var inputs = Collect(worker, "wecomgw.welcome.inputs_unavailable");
        await worker.UseRuleSetAsync(CorpRuleSets.PosterWelcome);
        await worker.WeCom.NameCustomerAsync(worker.CorpId, 李雷, "李雷");
        await worker.WeCom.NameCustomerAsync(worker.CorpId, 韩梅梅, "韩梅梅");
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, 李雷, worker.Now.AddSeconds(-1), state: "poster-1", welcomeCode: NewWelcomeCode())));

        worker.Clock.Advance(TimeSpan.FromMinutes(5)); // past the rule set's and the channels' refresh, and the token's 1 s local copy
        redis.Down = true;
        var added = Added(worker.CorpId, 韩梅梅, worker.Now.AddSeconds(-1), state: "poster-2", welcomeCode: NewWelcomeCode());
        var fault = await worker.DeliverAsync(added);

        var sent = (await worker.WeCom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome)).Last();
        Assert.Equal((added.WelcomeCode, "韩梅梅，感谢扫码！海报专享优惠已发放～"), (sent.WelcomeCode, sent.Text?.Content));
        var welcomed = Assert.Single(worker.Published<WelcomeMessageSent>(m => m.ExternalUserId == 韩梅梅));
        Assert.Equal(("poster", "poster-welcome"), (welcomed.TemplateId, welcomed.RuleId));
        Assert.Equal(["customer_facts"], inputs.GetMeasurementSnapshot().Select(m => (string?)m.Tags["input"]));

        // The customer's facts could not be written: the tagging and lifecycle consumer failed (retried, then
        // redelivered), nothing was dropped. Redis back, the redelivered event is applied and welcomes nobody twice.
        Assert.Contains(nameof(WeComGateway.Storage.StoreUnavailableException), fault, StringComparison.Ordinal);
        redis.Down = false;
        Assert.Null(await worker.FactsAsync(韩梅梅));
        await worker.DeliverAsync(added);

        Assert.NotNull(await worker.FactsAsync(韩梅梅));
        Assert.Equal([0, 0, 41051], (await worker.WeCom.CallsAsync(WeComApis.SendWelcome)).Select(c => c.Errcode));
        Assert.Single(worker.Published<WelcomeMessageSent>(m => m.ExternalUserId == 韩梅梅));
    }

    [Fact]
    public async Task Redis_down_before_the_corp_rules_were_ever_read_the_welcome_is_not_guessed_it_fails_and_is_retried()
    {
        var redis = new StoreOutage();
        await using var worker = await AutomationHarness.StartAsync((services, _) => RedisBehind(services, redis));
        await worker.UseRuleSetAsync(CorpRuleSets.PosterWelcome);
        redis.Down = true;

        var fault = await worker.DeliverAsync(Added(worker.CorpId, 李雷, worker.Now.AddSeconds(-1), state: "poster-1", welcomeCode: NewWelcomeCode()));

        Assert.Contains(nameof(WeComGateway.Storage.StoreUnavailableException), fault, StringComparison.Ordinal);
        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.SendWelcome));
        Assert.Empty(worker.Published<WelcomeMessageSent>());
    }

    /// <summary>Every store the welcome path reads, behind one Redis.</summary>
    private static void RedisBehind(IServiceCollection services, StoreOutage redis)
    {
        Behind<IClaimStore, InMemoryClaimStore>(services, redis);
        Behind<IRuleSetStore, InMemoryRuleSetStore>(services, redis);
        Behind<ICustomerFactsStore, InMemoryCustomerFactsStore>(services, redis);
        Behind<IChannelStore, InMemoryChannelStore>(services, redis);
        Behind<IEmployeeNameStore, InMemoryEmployeeNameStore>(services, redis);
        Behind<ITokenStore, InMemoryTokenStore>(services, redis);
        Behind<IAuthorizationStore, InMemoryAuthorizationStore>(services, redis);
        Behind<ISuiteTicketStore, InMemorySuiteTicketStore>(services, redis);
        Behind<ICorpTagCache, InMemoryCorpTagCache>(services, redis);
        Behind<IMediaCacheStore, InMemoryMediaCacheStore>(services, redis);
    }

    /// <summary>The store the harness would use (its in-memory one, registered later by TryAdd), behind <paramref name="outage"/>.</summary>
    private static void Behind<TStore, TInMemory>(IServiceCollection services, StoreOutage outage)
        where TStore : class
        where TInMemory : class, TStore =>
        services.AddSingleton(sp => outage.Wrap<TStore>(sp.GetRequiredService<TInMemory>()));

    private static MetricCollector<long> Collect(AutomationHarness worker, string instrument) =>
        new(worker.Services.GetRequiredService<IMeterFactory>(), WorkerMetrics.MeterName, instrument);
}
