using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;
using WeComGateway.Storage.Webhooks;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>A corp's webhook subscriptions: created once per id up to the limit, the secret kept apart, written only while the corp holds a grant.</summary>
public abstract class WebhookStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(8));

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IWebhookStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task AuthorizeAsync();

    protected abstract Task CancelAuthAsync();

    [Fact]
    public async Task A_subscription_is_created_once_per_id_listed_oldest_first_and_its_secret_read_apart()
    {
        await AuthorizeAsync();

        Assert.Equal(WebhookCreateResult.Created, await Store.CreateAsync(CorpId, Webhook("crm"), "whsec_c2VjcmV0LW9uZQ==", default));
        Assert.Equal(WebhookCreateResult.Exists, await Store.CreateAsync(CorpId, Webhook("crm") with { Url = "https://other.example.com" }, "whsec_b3RoZXI=", default));
        Assert.Equal(WebhookCreateResult.Created, await Store.CreateAsync(CorpId, Webhook("erp") with { CreatedAt = Now.AddMinutes(1) }, "whsec_c2VjcmV0LXR3bw==", default));

        var crm = (await Store.GetAsync(CorpId, "crm", default))!;
        Assert.Equal(("https://crm.example.com/hooks", "test", Now), (crm.Url, crm.CreatedBy, crm.CreatedAt));
        Assert.Equal(["ExternalContactAdded", "LeadAssigned"], crm.Events);
        Assert.Equal(["crm", "erp"], (await Store.ListAsync(CorpId, default)).Select(w => w.Id));
        Assert.Equal("whsec_c2VjcmV0LW9uZQ==", await Store.SecretAsync(CorpId, "crm", default));
        Assert.True(await Store.RemoveAsync(CorpId, "crm", default));
        Assert.False(await Store.RemoveAsync(CorpId, "crm", default));
        Assert.Null(await Store.SecretAsync(CorpId, "crm", default));
    }

    [Fact]
    public async Task A_corp_has_at_most_the_limit()
    {
        await AuthorizeAsync();
        for (var i = 0; i < WebhookIds.MaxPerCorp; i++)
        {
            Assert.Equal(WebhookCreateResult.Created, await Store.CreateAsync(CorpId, Webhook($"wh{i}"), "whsec_c2VjcmV0", default));
        }

        Assert.Equal(WebhookCreateResult.TooMany, await Store.CreateAsync(CorpId, Webhook("one-more"), "whsec_c2VjcmV0", default));
    }

    [Fact]
    public async Task Nothing_is_written_for_a_corp_without_a_grant_and_subscriptions_go_with_the_last_grant()
    {
        Assert.Equal(WebhookCreateResult.NoGrant, await Store.CreateAsync(CorpId, Webhook("crm"), "whsec_c2VjcmV0", default));
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, Webhook("crm"), "whsec_c2VjcmV0", default);

        await CancelAuthAsync();

        Assert.Empty(await Store.ListAsync(CorpId, default));
        Assert.Null(await Store.SecretAsync(CorpId, "crm", default));
    }

    private static WebhookSubscription Webhook(string id) => new()
    {
        Id = id, Url = "https://crm.example.com/hooks", Events = ["ExternalContactAdded", "LeadAssigned"], CreatedBy = "test", CreatedAt = Now,
    };
}

public sealed class InMemoryWebhookStoreTests : WebhookStoreTests
{
    private readonly InMemoryWebhookStore _store = new();

    public override Task InitializeAsync()
    {
        Store = _store;
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    protected override Task AuthorizeAsync()
    {
        _store.AdmitCorp(CorpId);
        return Task.CompletedTask;
    }

    protected override Task CancelAuthAsync()
    {
        _store.ForgetCorp(CorpId);
        return Task.CompletedTask;
    }
}

public class RedisWebhookStoreTests : WebhookStoreTests
{
    private IConnectionMultiplexer _redis = null!;

    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisWebhookStore(_redis, new SecretProtector(RandomNumberGenerator.GetBytes(32)));
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);

    [Fact]
    public async Task The_secret_is_not_in_Redis_in_plaintext()
    {
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, new WebhookSubscription { Id = "crm", Url = "https://crm.example.com/hooks", Events = ["LeadAssigned"], CreatedBy = "test", CreatedAt = DateTimeOffset.UnixEpoch },
            "whsec_cGxhaW50ZXh0LXNlY3JldC1tdXN0LW5vdC1hcHBlYXI=", default);

        var raw = (string?)await _redis.GetDatabase().HashGetAsync(RedisKeys.Webhooks(CorpId), "crm");

        Assert.NotNull(raw);
        Assert.DoesNotContain("cGxhaW50ZXh0LXNlY3JldC1tdXN0LW5vdC1hcHBlYXI=", raw, StringComparison.Ordinal);
    }
}

public sealed class RedisClusterWebhookStoreTests : RedisWebhookStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
