using StackExchange.Redis;
using WeComGateway.Storage.Alerts;
using WeComGateway.Storage.Leads;
using WeComGateway.Storage.Redis;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// A corp's lead pool: import with phone dedupe, compare-and-set assignment with day counts, timeouts back to the pool,
/// conversion once, report counters moved with the transitions, nothing for a corp without a grant; against Redis,
/// a Redis Cluster and in memory.
/// </summary>
public abstract class LeadStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    protected const string Day = "20260302";

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected ILeadStore Store { get; set; } = null!;

    protected IDeletionAlertSettingsStore Alerts { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task AuthorizeAsync();

    protected abstract Task CancelAuthAsync();

    private static NewLead Lead(string phone, string source = "展会") => new(phone, "王先生", source, ["高意向"]);

    [Fact]
    public async Task A_corp_without_a_grant_imports_nothing()
    {
        var result = await Store.ImportAsync(CorpId, [Lead("13800138000")], Now, default);

        Assert.Equal(new LeadImportResult(0, 0, []), result);
        Assert.False(await Store.HasLeadsAsync(CorpId, default));
        Assert.Null(await Store.FindByPhoneAsync(CorpId, "13800138000", default));
        Assert.False(await Alerts.SaveAsync(CorpId, new DeletionAlertSettings(true, DeletionAlertSettings.Employee, []), default));
    }

    [Fact]
    public async Task An_import_pools_new_phones_in_file_order_and_answers_the_known_ones_with_their_lead()
    {
        await AuthorizeAsync();
        var first = await Store.ImportAsync(CorpId, [Lead("13800138000"), Lead("13900139000")], Now, default);

        var second = await Store.ImportAsync(CorpId, [Lead("13900139000", "官网"), Lead("13700137000")], Now.AddMinutes(1), default);

        Assert.Equal((2, 0), (first.Imported, first.Duplicates));
        Assert.Equal((1, 1), (second.Imported, second.Duplicates));
        Assert.Equal(first.LeadIds[1], second.LeadIds[0]);
        var pooled = await Store.PooledAsync(CorpId, 10, default);
        Assert.Equal([first.LeadIds[0], first.LeadIds[1], second.LeadIds[1]], pooled.Select(l => l.LeadId));
        var lead = (await Store.FindByPhoneAsync(CorpId, "13800138000", default))!;
        Assert.Equal((LeadStatus.Pooled, "王先生", "展会", 0), (lead.Status, lead.Name, lead.Source, lead.Attempt));
        Assert.Equal(["高意向"], lead.Tags);
        Assert.Equal(Now, lead.ImportedAt);
        Assert.Equal([new LeadReportRow(string.Empty, "展会", 3, 0, 0, 0)], await Store.ReportAsync(CorpId, default)); // the known phone under 官网 is not counted
        Assert.Contains(CorpId, await Store.CorpsAsync(default));
    }

    [Fact]
    public async Task An_assignment_is_compare_and_set_on_the_rotation_and_counts_the_employees_day()
    {
        await AuthorizeAsync();
        var ids = (await Store.ImportAsync(CorpId, [Lead("13800138000"), Lead("13900139000")], Now, default)).LeadIds;

        var (result, lead) = await Store.TryAssignAsync(CorpId, ids[0], "zhangsan", 0, 1, Day, Now, Now.AddDays(1), default);
        var stale = await Store.TryAssignAsync(CorpId, ids[1], "lisi", 0, 1, Day, Now, Now.AddDays(1), default);
        var again = await Store.TryAssignAsync(CorpId, ids[0], "lisi", 1, 2, Day, Now, Now.AddDays(1), default);

        Assert.Equal(LeadAssignResult.Assigned, result);
        Assert.Equal((LeadStatus.Assigned, "zhangsan", 1, Now.AddDays(1), false), (lead!.Status, lead.Assignee, lead.Attempt, lead.Deadline, lead.Reminded));
        Assert.Equal(LeadAssignResult.Conflict, stale.Result);
        Assert.Equal(LeadAssignResult.NotPooled, again.Result);
        var state = await Store.GetAssignmentAsync(CorpId, Day, default);
        Assert.Equal((1L, 1L), (state.Version, state.Cursor));
        Assert.Equal(1, state.AssignedToday["zhangsan"]);
        Assert.Empty((await Store.GetAssignmentAsync(CorpId, "20260303", default)).AssignedToday);
        Assert.Equal([ids[1]], (await Store.PooledAsync(CorpId, 10, default)).Select(l => l.LeadId));
        Assert.Contains(new LeadReportRow("zhangsan", "展会", 0, 1, 0, 0), await Store.ReportAsync(CorpId, default));
    }

    [Fact]
    public async Task A_due_lead_is_claimed_once_per_lease_then_due_at_its_deadline_once_reminded()
    {
        await AuthorizeAsync();
        var id = (await Store.ImportAsync(CorpId, [Lead("13800138000")], Now, default)).LeadIds[0];
        await Store.TryAssignAsync(CorpId, id, "zhangsan", 0, 1, Day, Now, Now.AddHours(2), default);

        var first = await Store.ClaimDueAsync(CorpId, Now, TimeSpan.FromMinutes(5), 10, default);
        var whileLeased = await Store.ClaimDueAsync(CorpId, Now.AddMinutes(1), TimeSpan.FromMinutes(5), 10, default);
        var reminded = await Store.MarkRemindedAsync(CorpId, id, 1, default);
        var afterLease = await Store.ClaimDueAsync(CorpId, Now.AddMinutes(10), TimeSpan.FromMinutes(5), 10, default);
        var atDeadline = await Store.ClaimDueAsync(CorpId, Now.AddHours(2), TimeSpan.FromMinutes(5), 10, default);

        Assert.Equal([id], first);
        Assert.Empty(whileLeased);
        Assert.True(reminded);
        Assert.False(await Store.MarkRemindedAsync(CorpId, id, 2, default));
        Assert.Empty(afterLease);
        Assert.Equal([id], atDeadline);
        Assert.True((await Store.GetAsync(CorpId, id, default))!.Reminded);
    }

    [Fact]
    public async Task A_timed_out_assignment_returns_to_the_pool_once_and_remembers_who_had_it()
    {
        await AuthorizeAsync();
        var id = (await Store.ImportAsync(CorpId, [Lead("13800138000")], Now, default)).LeadIds[0];
        await Store.TryAssignAsync(CorpId, id, "zhangsan", 0, 1, Day, Now, Now.AddHours(2), default);

        var early = await Store.ReturnToPoolAsync(CorpId, id, 1, Now.AddHours(1), default);
        var returned = await Store.ReturnToPoolAsync(CorpId, id, 1, Now.AddHours(2), default);
        var twice = await Store.ReturnToPoolAsync(CorpId, id, 1, Now.AddHours(3), default);

        Assert.Null(early);
        Assert.Equal(("zhangsan", 1), (returned!.Assignee, returned.Attempt));
        Assert.Null(twice);
        var pooled = (await Store.GetAsync(CorpId, id, default))!;
        Assert.Equal((LeadStatus.Pooled, (string?)null, false), (pooled.Status, pooled.Assignee, pooled.Reminded));
        Assert.Equal(["zhangsan"], pooled.Tried);
        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now.AddDays(1), TimeSpan.FromMinutes(5), 10, default));
        var (result, next) = await Store.TryAssignAsync(CorpId, id, "lisi", 1, 2, Day, Now.AddHours(2), Now.AddHours(4), default);
        Assert.Equal((LeadAssignResult.Assigned, 2, "lisi"), (result, next!.Attempt, next.Assignee));
        Assert.Contains(new LeadReportRow("zhangsan", "展会", 0, 1, 0, 1), await Store.ReportAsync(CorpId, default));
    }

    [Fact]
    public async Task A_conversion_happens_once_is_counted_for_the_adding_employee_and_ends_the_assignment()
    {
        await AuthorizeAsync();
        var id = (await Store.ImportAsync(CorpId, [Lead("13800138000")], Now, default)).LeadIds[0];
        await Store.TryAssignAsync(CorpId, id, "zhangsan", 0, 1, Day, Now, Now.AddHours(2), default);

        var (result, lead) = await Store.ConvertAsync(CorpId, id, "wmcustomer01", "lisi", Now.AddMinutes(30), default);
        var (repeat, same) = await Store.ConvertAsync(CorpId, id, "wmcustomer01", "lisi", Now.AddMinutes(31), default);

        Assert.Equal(LeadConvertResult.Converted, result);
        Assert.Equal((LeadStatus.Converted, "lisi", "wmcustomer01", Now.AddMinutes(30), "zhangsan"),
            (lead!.Status, lead.ConvertedBy, lead.ExternalUserId, lead.ConvertedAt, lead.Assignee));
        Assert.Equal(LeadConvertResult.AlreadyConverted, repeat);
        Assert.Equal(Now.AddMinutes(30), same!.ConvertedAt);
        Assert.Null(await Store.ReturnToPoolAsync(CorpId, id, 1, Now.AddHours(3), default));
        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now.AddHours(3), TimeSpan.FromMinutes(5), 10, default));
        var report = await Store.ReportAsync(CorpId, default);
        Assert.Contains(new LeadReportRow("lisi", "展会", 0, 0, 1, 0), report);
        Assert.Contains(new LeadReportRow("zhangsan", "展会", 0, 1, 0, 0), report);
        Assert.Equal(LeadConvertResult.NotFound, (await Store.ConvertAsync(CorpId, "0123456789ab", "wmother", "lisi", Now, default)).Result);
    }

    [Fact]
    public async Task A_lead_every_employee_had_leaves_the_pool_and_a_corp_without_work_leaves_the_corps()
    {
        await AuthorizeAsync();
        var id = (await Store.ImportAsync(CorpId, [Lead("13800138000")], Now, default)).LeadIds[0];

        Assert.True(await Store.ExhaustAsync(CorpId, id, default));
        Assert.False(await Store.ExhaustAsync(CorpId, id, default));
        Assert.Equal(LeadStatus.Exhausted, (await Store.GetAsync(CorpId, id, default))!.Status);
        Assert.Empty(await Store.PooledAsync(CorpId, 10, default));
        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now, TimeSpan.FromMinutes(5), 10, default));
        Assert.DoesNotContain(CorpId, await Store.CorpsAsync(default));
    }

    [Fact]
    public async Task Settings_round_trip_and_go_with_the_corps_last_grant()
    {
        await AuthorizeAsync();
        var settings = new LeadPoolSettings(LeadPoolSettings.Weighted, [new LeadEmployee("zhangsan", 2, 10), new LeadEmployee("lisi")], 50, TimeSpan.FromHours(12));
        var alerts = new DeletionAlertSettings(true, DeletionAlertSettings.ManagersOnly, ["boss"]);
        await Store.ImportAsync(CorpId, [Lead("13800138000")], Now, default);

        Assert.True(await Store.SaveSettingsAsync(CorpId, settings, default));
        Assert.True(await Alerts.SaveAsync(CorpId, alerts, default));
        var stored = (await Store.GetSettingsAsync(CorpId, default))!;
        Assert.Equal((settings.Mode, settings.DailyCap, settings.ConvertWithin), (stored.Mode, stored.DailyCap, stored.ConvertWithin));
        Assert.Equal(settings.Employees, stored.Employees);
        Assert.Equal(["boss"], (await Alerts.GetAsync(CorpId, default))!.Managers);

        await CancelAuthAsync();

        Assert.Null(await Store.GetSettingsAsync(CorpId, default));
        Assert.Null(await Alerts.GetAsync(CorpId, default));
        Assert.False(await Store.HasLeadsAsync(CorpId, default));
        Assert.Null(await Store.FindByPhoneAsync(CorpId, "13800138000", default));
        Assert.Empty(await Store.ReportAsync(CorpId, default));
    }
}

public sealed class InMemoryLeadStoreTests : LeadStoreTests
{
    private readonly InMemoryLeadStore _store = new();
    private readonly InMemoryDeletionAlertSettingsStore _alerts = new();

    public override Task InitializeAsync()
    {
        Store = _store;
        Alerts = _alerts;
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    protected override Task AuthorizeAsync()
    {
        _store.AdmitCorp(CorpId);
        _alerts.AdmitCorp(CorpId);
        return Task.CompletedTask;
    }

    protected override Task CancelAuthAsync()
    {
        _store.ForgetCorp(CorpId);
        _alerts.ForgetCorp(CorpId);
        return Task.CompletedTask;
    }
}

public class RedisLeadStoreTests : LeadStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterLeadStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisLeadStore(_redis);
        Alerts = new RedisDeletionAlertSettingsStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.GetDatabase().SetRemoveAsync(RedisKeys.LeadCorps, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);

    [Fact]
    public async Task Every_lead_key_is_the_corps_and_uninstall_leaves_none()
    {
        await AuthorizeAsync();
        var id = (await Store.ImportAsync(CorpId, [new NewLead("13800138000", "王先生", "展会", [])], Now, default)).LeadIds[0];
        await Store.TryAssignAsync(CorpId, id, "zhangsan", 0, 1, Day, Now, Now.AddHours(2), default);
        await Store.SaveSettingsAsync(CorpId, new LeadPoolSettings(LeadPoolSettings.RoundRobin, [new LeadEmployee("zhangsan")], 5, TimeSpan.FromHours(1)), default);

        var keys = await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:*");
        Assert.Contains($"wecomgw:{{{CorpId}}}:lead:{id}", keys);
        Assert.Contains($"wecomgw:{{{CorpId}}}:leads:day:{Day}", keys);
        Assert.NotNull(await _redis.GetDatabase().KeyTimeToLiveAsync($"wecomgw:{{{CorpId}}}:leads:day:{Day}"));

        await CancelAuthAsync();

        Assert.Empty(await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:*"));
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterLeadStoreTests : RedisLeadStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
