using StackExchange.Redis;
using WeComGateway.Storage.Channels;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>A corp's channels: unique states and names, an immutable state, written only while the corp holds a grant.</summary>
public abstract class ChannelStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IChannelStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task AuthorizeAsync();

    protected abstract Task CancelAuthAsync();

    [Fact]
    public async Task A_channel_is_found_by_id_and_by_state_and_listed_in_creation_order()
    {
        await AuthorizeAsync();
        var spring = Channel("ch1", "抖音-春季", "dy-spring") with { Tags = [new ChannelTag("渠道", "抖音")], WelcomeTemplateId = "poster", Campaign = "春季" };
        var parcel = Channel("ch2", "包裹卡", "parcel") with { CreatedAt = Now.AddMinutes(1) };

        Assert.Equal(ChannelWriteResult.Written, await Store.AddAsync(CorpId, spring, default));
        Assert.Equal(ChannelWriteResult.Written, await Store.AddAsync(CorpId, parcel, default));

        var read = (await Store.GetAsync(CorpId, "ch1", default))!;
        Assert.Equal(spring, read with { Tags = spring.Tags, Owners = spring.Owners });
        Assert.Equal(spring.Tags, read.Tags);
        Assert.Equal(spring.Owners, read.Owners);
        Assert.Equal("ch2", (await Store.FindByStateAsync(CorpId, "parcel", default))!.Id);
        Assert.Equal(["ch1", "ch2"], (await Store.ListAsync(CorpId, default)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_state_or_name_belongs_to_one_channel_and_a_state_never_changes()
    {
        await AuthorizeAsync();
        await Store.AddAsync(CorpId, Channel("ch1", "抖音-春季", "dy-spring"), default);

        Assert.Equal(ChannelWriteResult.StateTaken, await Store.AddAsync(CorpId, Channel("ch2", "other", "dy-spring"), default));
        Assert.Equal(ChannelWriteResult.NameTaken, await Store.AddAsync(CorpId, Channel("ch2", "抖音-春季", "other"), default));
        await Store.AddAsync(CorpId, Channel("ch2", "包裹卡", "parcel"), default);
        Assert.Equal(ChannelWriteResult.NameTaken, await Store.UpdateAsync(CorpId, Channel("ch2", "抖音-春季", "parcel"), default));
        Assert.Equal(ChannelWriteResult.StateTaken, await Store.UpdateAsync(CorpId, Channel("ch2", "包裹卡", "changed"), default));
        Assert.Equal(ChannelWriteResult.NotFound, await Store.UpdateAsync(CorpId, Channel("ch9", "x", "y"), default));
    }

    [Fact]
    public async Task A_renamed_channel_frees_its_old_name_and_a_deleted_one_its_state()
    {
        await AuthorizeAsync();
        await Store.AddAsync(CorpId, Channel("ch1", "抖音-春季", "dy-spring"), default);

        Assert.Equal(ChannelWriteResult.Written, await Store.UpdateAsync(CorpId, Channel("ch1", "抖音-夏季", "dy-spring"), default));
        Assert.Equal(ChannelWriteResult.Written, await Store.AddAsync(CorpId, Channel("ch2", "抖音-春季", "dy-2"), default));
        Assert.True(await Store.DeleteAsync(CorpId, "ch1", default));
        Assert.False(await Store.DeleteAsync(CorpId, "ch1", default));
        Assert.Null(await Store.FindByStateAsync(CorpId, "dy-spring", default));
        Assert.Equal(ChannelWriteResult.Written, await Store.AddAsync(CorpId, Channel("ch3", "抖音-夏季", "dy-spring"), default));
    }

    [Fact]
    public async Task Nothing_is_written_for_a_corp_without_a_grant_and_channels_go_with_the_last_grant()
    {
        Assert.Equal(ChannelWriteResult.NotAuthorized, await Store.AddAsync(CorpId, Channel("ch1", "a", "b"), default));
        await AuthorizeAsync();
        await Store.AddAsync(CorpId, Channel("ch1", "a", "b"), default);

        await CancelAuthAsync();

        Assert.Empty(await Store.ListAsync(CorpId, default));
        Assert.Null(await Store.FindByStateAsync(CorpId, "b", default));
    }

    private static Channel Channel(string id, string name, string state) => new()
    {
        Id = id, Name = name, State = state, ConfigId = "cfg-" + id, QrCode = "https://wework.qpic.cn/wwpic/" + id, Owners = ["zhangsan"],
        CreatedAt = Now, UpdatedAt = Now,
    };
}

public sealed class InMemoryChannelStoreTests : ChannelStoreTests
{
    private readonly InMemoryChannelStore _store = new();

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

public class RedisChannelStoreTests : ChannelStoreTests
{
    private IConnectionMultiplexer _redis = null!;

    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisChannelStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);
}

public sealed class RedisClusterChannelStoreTests : RedisChannelStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
