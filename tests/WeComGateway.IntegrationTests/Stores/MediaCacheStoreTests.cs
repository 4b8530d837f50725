using StackExchange.Redis;
using WeComGateway.Storage.Media;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>The media ids uploaded for a corp, by source: against Redis (single node and cluster) and in memory.</summary>
public abstract class MediaCacheStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Uploaded = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    protected static readonly string Banner = MediaCacheField.Of("message", "image", "path:banners/welcome.png");

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IMediaCacheStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task AuthorizeAsync();

    protected abstract Task CancelAuthAsync();

    [Fact]
    public async Task An_uploaded_media_id_is_read_back_by_its_source()
    {
        await AuthorizeAsync();
        var media = Media("3emu-banner-1");

        Assert.Null(await Store.GetAsync(CorpId, Banner, default));
        Assert.True(await Store.SetAsync(CorpId, Banner, media, default));

        Assert.Equal(media, await Store.GetAsync(CorpId, Banner, default));
        Assert.Null(await Store.GetAsync(CorpId, MediaCacheField.Of("moments", "image", "path:banners/welcome.png"), default));
        Assert.Null(await Store.GetAsync(StoreRedis.NewCorpId(), Banner, default));
    }

    [Fact]
    public async Task A_refused_media_id_is_removed_but_a_newer_one_another_replica_cached_stays()
    {
        await AuthorizeAsync();
        await Store.SetAsync(CorpId, Banner, Media("3emu-old"), default);
        await Store.SetAsync(CorpId, Banner, Media("3emu-new"), default);

        Assert.False(await Store.RemoveAsync(CorpId, Banner, "3emu-old", default));
        Assert.Equal("3emu-new", (await Store.GetAsync(CorpId, Banner, default))?.MediaId);

        Assert.True(await Store.RemoveAsync(CorpId, Banner, "3emu-new", default));
        Assert.Null(await Store.GetAsync(CorpId, Banner, default));
        Assert.False(await Store.RemoveAsync(CorpId, Banner, "3emu-new", default));
    }

    [Fact]
    public async Task Nothing_is_written_for_a_corp_without_a_grant_and_nothing_remains_after_its_last_grant_is_removed()
    {
        Assert.False(await Store.SetAsync(CorpId, Banner, Media("3emu-1"), default));
        await AuthorizeAsync();
        Assert.True(await Store.SetAsync(CorpId, Banner, Media("3emu-1"), default));

        await CancelAuthAsync();

        Assert.Null(await Store.GetAsync(CorpId, Banner, default));
        Assert.False(await Store.SetAsync(CorpId, Banner, Media("3emu-2"), default));
    }

    [Fact]
    public async Task A_field_of_another_shape_or_a_hostile_corp_id_is_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync(CorpId, "message:image:banners/welcome.png", default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetAsync(CorpId, "x", Media("3emu-1"), default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync("wwcorp:other", Banner, default));
    }

    protected static CachedMedia Media(string mediaId) => new(mediaId, Uploaded, Uploaded.AddDays(3), new string('a', 64));
}

public sealed class InMemoryMediaCacheStoreTests : MediaCacheStoreTests
{
    private readonly InMemoryMediaCacheStore _store = new();

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

public class RedisMediaCacheStoreTests : MediaCacheStoreTests
{
    private IConnectionMultiplexer _redis = null!;

    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisMediaCacheStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);

    [Fact]
    public async Task The_media_ids_are_one_hash_under_the_corp_that_goes_with_its_last_grant()
    {
        await AuthorizeAsync();
        await Store.SetAsync(CorpId, Banner, Media("3emu-1"), default);

        Assert.Equal(RedisType.Hash, await _redis.GetDatabase().KeyTypeAsync($"wecomgw:{{{CorpId}}}:media"));
        await CancelAuthAsync();

        Assert.Empty(await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:*"));
    }
}

public sealed class RedisClusterMediaCacheStoreTests : RedisMediaCacheStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
