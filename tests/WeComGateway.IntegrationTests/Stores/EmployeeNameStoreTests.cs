using StackExchange.Redis;
using WeComGateway.Storage.Customers;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>Employee names for welcome messages follow change_contact: set, renamed with the user id, removed; against Redis and in memory.</summary>
public abstract class EmployeeNameStoreTests : IAsyncLifetime
{
    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IEmployeeNameStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task A_name_is_kept_per_corp_and_follows_a_renamed_user_id_until_the_employee_is_deleted()
    {
        var otherCorp = StoreRedis.NewCorpId();
        await Store.SetAsync(CorpId, "zhangsan", "张三", default);

        Assert.Equal("张三", await Store.GetAsync(CorpId, "zhangsan", default));
        Assert.Null(await Store.GetAsync(otherCorp, "zhangsan", default));

        await Store.RenameAsync(CorpId, "zhangsan", "zhangsan.new", default);
        Assert.Null(await Store.GetAsync(CorpId, "zhangsan", default));
        Assert.Equal("张三", await Store.GetAsync(CorpId, "zhangsan.new", default));

        await Store.RemoveAsync(CorpId, "zhangsan.new", default);
        Assert.Null(await Store.GetAsync(CorpId, "zhangsan.new", default));
    }

    [Fact]
    public async Task Renaming_an_employee_whose_name_is_unknown_changes_nothing()
    {
        await Store.RenameAsync(CorpId, "lisi", "lisi2", default);

        Assert.Null(await Store.GetAsync(CorpId, "lisi2", default));
    }

    [Fact]
    public async Task Renaming_an_employee_to_the_same_user_id_keeps_the_name()
    {
        await Store.SetAsync(CorpId, "wangwu", "王五", default);

        await Store.RenameAsync(CorpId, "wangwu", "wangwu", default);

        Assert.Equal("王五", await Store.GetAsync(CorpId, "wangwu", default));
    }
}

public sealed class InMemoryEmployeeNameStoreTests : EmployeeNameStoreTests
{
    public override Task InitializeAsync()
    {
        Store = StoreRedis.Admit(new InMemoryEmployeeNameStore(), CorpId);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}

public class RedisEmployeeNameStoreTests : EmployeeNameStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterEmployeeNameStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisEmployeeNameStore(_redis);
        await StoreRedis.AuthorizeAsync(_redis, CorpId);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Names_live_in_one_hash_under_the_corp_so_cancel_auth_removes_them()
    {
        await Store.SetAsync(CorpId, "zhangsan", "张三", default);

        Assert.Equal("张三", (await _redis.GetDatabase().HashGetAsync($"wecomgw:{{{CorpId}}}:employees", "zhangsan")).ToString());
        await StoreRedis.CancelAuthAsync(_redis, CorpId);
        Assert.Null(await Store.GetAsync(CorpId, "zhangsan", default));
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterEmployeeNameStoreTests : RedisEmployeeNameStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
