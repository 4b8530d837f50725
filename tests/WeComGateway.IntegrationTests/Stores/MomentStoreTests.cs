using StackExchange.Redis;
using WeComGateway.Storage.Moments;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>A corp's moments: created once per id, moved on by compare-and-set, due by lease, written only while the corp holds a grant.</summary>
public abstract class MomentStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(8));

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IMomentStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task AuthorizeAsync();

    protected abstract Task CancelAuthAsync();

    [Fact]
    public async Task A_moment_is_created_once_per_id_and_read_back_whole_newest_first()
    {
        await AuthorizeAsync();
        var spring = Moment("spring-sale") with
        {
            Attachments = [new MomentAttachmentSpec(MomentAttachmentSpec.Link, "COVER", "春季新品", "https://example.com/spring")],
            Employees = ["zhangsan"],
        };

        var (created, stored) = await Store.CreateAsync(CorpId, spring, Now, default);
        var (again, existing) = await Store.CreateAsync(CorpId, spring with { Text = "秋季新品" }, Now, default);
        await Store.CreateAsync(CorpId, Moment("autumn") with { CreatedAt = Now.AddMinutes(1) }, Now, default);

        Assert.Equal(MomentCreateResult.Created, created);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(MomentCreateResult.Exists, again);
        Assert.True(existing!.SameContentAs(spring));
        var read = (await Store.GetAsync(CorpId, "spring-sale", default))!;
        Assert.True(read.SameContentAs(spring));
        Assert.Equal((MomentStatus.Pending, "test", Now), (read.Status, read.CreatedBy, read.CreatedAt));
        Assert.Equal(["autumn", "spring-sale"], (await Store.ListAsync(CorpId, default)).Select(m => m.Id));
    }

    [Fact]
    public async Task Of_two_writers_that_read_the_same_version_only_the_first_moves_the_moment_on()
    {
        await AuthorizeAsync();
        var (_, moment) = await Store.CreateAsync(CorpId, Moment("spring-sale"), Now, default);

        var first = await Store.UpdateAsync(CorpId, moment! with { Status = MomentStatus.Creating, JobId = "job-1" }, moment!.Version, Now.AddSeconds(2), default);
        var second = await Store.UpdateAsync(CorpId, moment with { Status = MomentStatus.Failed }, moment.Version, null, default);

        Assert.Equal(2, first!.Version);
        Assert.Null(second);
        var read = (await Store.GetAsync(CorpId, "spring-sale", default))!;
        Assert.Equal((MomentStatus.Creating, "job-1", 2L), (read.Status, read.JobId, read.Version));
    }

    [Fact]
    public async Task Due_moments_are_claimed_with_a_lease_and_leave_the_index_when_done()
    {
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, Moment("now"), Now, default);
        var (_, later) = await Store.CreateAsync(CorpId, Moment("later"), Now.AddMinutes(5), default);

        Assert.Contains(CorpId, await Store.CorpsAsync(default));
        Assert.Equal(["now"], await Store.ClaimDueAsync(CorpId, Now, TimeSpan.FromMinutes(1), 10, default));
        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now.AddSeconds(30), TimeSpan.FromMinutes(1), 10, default)); // leased
        Assert.Equal(["now"], await Store.ClaimDueAsync(CorpId, Now.AddMinutes(1), TimeSpan.FromMinutes(1), 10, default));

        await Store.UpdateAsync(CorpId, later!, later!.Version, nextDue: null, default);
        var now = (await Store.GetAsync(CorpId, "now", default))!;
        await Store.UpdateAsync(CorpId, now, now.Version, nextDue: null, default);

        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now.AddHours(1), TimeSpan.FromMinutes(1), 10, default));
        Assert.DoesNotContain(CorpId, await Store.CorpsAsync(default));
    }

    [Fact]
    public async Task Nothing_is_written_for_a_corp_without_a_grant_and_moments_go_with_the_last_grant()
    {
        Assert.Equal(MomentCreateResult.NoGrant, (await Store.CreateAsync(CorpId, Moment("spring-sale"), Now, default)).Result);
        await AuthorizeAsync();
        var (_, moment) = await Store.CreateAsync(CorpId, Moment("spring-sale"), Now, default);

        await CancelAuthAsync();

        Assert.Empty(await Store.ListAsync(CorpId, default));
        Assert.Null(await Store.UpdateAsync(CorpId, moment!, moment!.Version, Now, default));
        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now, TimeSpan.FromMinutes(1), 10, default));
    }

    private static Moment Moment(string id) => new()
    {
        Id = id, Text = "春季新品上市", Tags = [new MomentTag("客户等级", "VIP", "etVIP")], Status = MomentStatus.Pending,
        CreatedBy = "test", CreatedAt = Now, UpdatedAt = Now,
    };
}

public sealed class InMemoryMomentStoreTests : MomentStoreTests
{
    private readonly InMemoryMomentStore _store = new();

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

public class RedisMomentStoreTests : MomentStoreTests
{
    private IConnectionMultiplexer _redis = null!;

    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisMomentStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);
}

public sealed class RedisClusterMomentStoreTests : RedisMomentStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
