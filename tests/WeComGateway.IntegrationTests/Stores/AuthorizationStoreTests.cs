using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>A corp's authorization (its permanent code) is kept until cancel_auth. Against Redis and in memory.</summary>
public abstract class AuthorizationStoreTests : IAsyncLifetime
{
    protected const string SuiteId = "wwsuite0000000001";
    protected static readonly DateTimeOffset AuthorizedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_772_413_200_123);

    protected string CorpId { get; } = NewCorpId();

    protected string Neighbour { get; } = NewCorpId();

    protected IAuthorizationStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task An_authorization_round_trips_and_a_corp_without_one_has_none()
    {
        var authorization = new CorpAuthorization(CorpId, SuiteId, $"perm-{Guid.NewGuid():N}", "水果店", AuthorizedAt);

        await Store.SaveAsync(authorization, CancellationToken.None);

        Assert.Equal(authorization, await Store.GetAsync(CorpId, CancellationToken.None));
        Assert.Null(await Store.GetAsync(Neighbour, CancellationToken.None));
    }

    [Fact]
    public async Task Saving_again_replaces_the_record_including_the_fields_it_leaves_out()
    {
        await Store.SaveAsync(new CorpAuthorization(CorpId, SuiteId, "old-code", "水果店", AuthorizedAt, false, "errcode 40084"), CancellationToken.None);
        var replacement = new CorpAuthorization(CorpId, SuiteId, "new-code", null, AuthorizedAt.AddDays(1));

        await Store.SaveAsync(replacement, CancellationToken.None);

        Assert.Equal(replacement, await Store.GetAsync(CorpId, CancellationToken.None));
    }

    [Fact]
    public async Task Marking_a_corp_inactive_keeps_its_code_and_never_creates_a_record()
    {
        await Store.SaveAsync(new CorpAuthorization(CorpId, SuiteId, "code", "水果店", AuthorizedAt), CancellationToken.None);

        await Store.MarkInactiveAsync(CorpId, "errcode 40084", CancellationToken.None);
        await Store.MarkInactiveAsync(Neighbour, "errcode 40084", CancellationToken.None);

        var stored = await Store.GetAsync(CorpId, CancellationToken.None);
        Assert.Equal((false, "errcode 40084", "code"), (stored?.Active, stored?.InactiveReason, stored?.PermanentCode));
        Assert.Null(await Store.GetAsync(Neighbour, CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_auth_removes_the_authorization()
    {
        await Store.SaveAsync(new CorpAuthorization(CorpId, SuiteId, "code", null, AuthorizedAt), CancellationToken.None);

        var removed = await Store.DeleteCorpAsync(CorpId, CancellationToken.None);
        var removedAgain = await Store.DeleteCorpAsync(CorpId, CancellationToken.None);

        Assert.Equal((1, 0), (removed, removedAgain));
        Assert.Null(await Store.GetAsync(CorpId, CancellationToken.None));
    }

    [Fact]
    public async Task A_hostile_corp_id_is_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(new CorpAuthorization("wwcorp:other", SuiteId, "code", null, AuthorizedAt), CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteCorpAsync("", CancellationToken.None));
    }

    protected static string NewCorpId() => "wwit" + Guid.NewGuid().ToString("N")[..14];
}

public sealed class InMemoryAuthorizationStoreTests : AuthorizationStoreTests
{
    public override Task InitializeAsync()
    {
        Store = new InMemoryAuthorizationStore();
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>Permanent codes encrypted at rest; cancel_auth finds the corp's keys by SCAN.</summary>
public sealed class RedisAuthorizationStoreTests : AuthorizationStoreTests
{
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await RealServices.ConnectRedisAsync();
        Store = new RedisAuthorizationStore(_redis, _protector);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await StoreRedis.ForgetCorpAsync(_redis, Neighbour);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_permanent_code_round_trips_encrypted_and_is_nowhere_in_the_raw_hash()
    {
        var corpId = NewCorpId();
        var permanentCode = $"perm-{Guid.NewGuid():N}";
        var authorizedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var authorization = new CorpAuthorization(corpId, SuiteId, permanentCode, "水果店", authorizedAt);

        await Store.SaveAsync(authorization, CancellationToken.None);

        var raw = await _redis.GetDatabase().HashGetAllAsync($"wecomgw:corp:{corpId}:auth");
        Assert.NotEmpty(raw);
        Assert.DoesNotContain(raw, e => e.Name.ToString().Contains(permanentCode, StringComparison.Ordinal)
            || e.Value.ToString().Contains(permanentCode, StringComparison.Ordinal));
        Assert.Equal(authorization, await Store.GetAsync(corpId, CancellationToken.None));

        var encrypted = raw.Single(e => e.Name == "permanent_code_enc").Value.ToString();
        Assert.Throws<SecretUnprotectException>(() => _protector.Unprotect(encrypted, SecretBinding.PermanentCode(NewCorpId())));
        Assert.Equal(1, await Store.DeleteCorpAsync(corpId, CancellationToken.None));
    }

    [Fact]
    public async Task A_ciphertext_copied_into_another_corps_record_does_not_decrypt()
    {
        var victim = NewCorpId();
        var attacker = NewCorpId();
        await Store.SaveAsync(new CorpAuthorization(victim, SuiteId, "victim-code", null, DateTimeOffset.UtcNow), CancellationToken.None);
        await Store.SaveAsync(new CorpAuthorization(attacker, SuiteId, "attacker-code", null, DateTimeOffset.UtcNow), CancellationToken.None);
        var db = _redis.GetDatabase();

        var stolen = await db.HashGetAsync($"wecomgw:corp:{victim}:auth", "permanent_code_enc");
        await db.HashSetAsync($"wecomgw:corp:{attacker}:auth", "permanent_code_enc", stolen);

        await Assert.ThrowsAsync<SecretUnprotectException>(() => Store.GetAsync(attacker, CancellationToken.None));
        await Store.DeleteCorpAsync(victim, CancellationToken.None);
        await Store.DeleteCorpAsync(attacker, CancellationToken.None);
    }

    [Fact]
    public async Task Cancel_auth_leaves_no_key_of_that_corp_behind_and_other_corps_keep_theirs()
    {
        var corpId = NewCorpId();
        var neighbour = corpId + "0"; // same prefix: must not match the corp's pattern
        var other = NewCorpId();
        foreach (var corp in new[] { corpId, neighbour, other })
        {
            await SeedCorpAsync(corp, customers: corp == corpId ? 600 : 3);
        }

        var removed = await Store.DeleteCorpAsync(corpId, CancellationToken.None);

        Assert.Equal(1 + 1 + 1 + 600, removed); // auth, token, tags, customers (more than one SCAN/DEL batch)
        Assert.Empty(await ScanAsync(corpId));
        Assert.Equal(1 + 1 + 1 + 3, (await ScanAsync(neighbour)).Count);
        Assert.Equal(1 + 1 + 1 + 3, (await ScanAsync(other)).Count);
        Assert.Null(await Store.GetAsync(corpId, CancellationToken.None));
        Assert.Equal(0, await Store.DeleteCorpAsync(corpId, CancellationToken.None));

        await Store.DeleteCorpAsync(neighbour, CancellationToken.None);
        await Store.DeleteCorpAsync(other, CancellationToken.None);
    }

    [Fact]
    public async Task Glob_characters_in_a_corp_id_match_only_that_corp()
    {
        var stem = NewCorpId();
        var globby = stem + "*";
        await SeedCorpAsync(stem + "x", customers: 1);
        await SeedCorpAsync(globby, customers: 1);

        Assert.Equal(4, await Store.DeleteCorpAsync(globby, CancellationToken.None));

        Assert.Equal(4, (await ScanAsync(stem + "x")).Count);
        await Store.DeleteCorpAsync(stem + "x", CancellationToken.None);
    }

    [Fact]
    public async Task Marking_an_unknown_corp_inactive_writes_no_key()
    {
        var unknown = NewCorpId();

        await Store.MarkInactiveAsync(unknown, "errcode 40084", CancellationToken.None);

        Assert.False(await _redis.GetDatabase().KeyExistsAsync($"wecomgw:corp:{unknown}:auth"));
    }

    /// <summary>What the gateway keeps per corp: authorization, a corp token, the tag map and customer facts.</summary>
    private async Task SeedCorpAsync(string corpId, int customers)
    {
        await Store.SaveAsync(new CorpAuthorization(corpId, SuiteId, $"perm-{corpId}", null, DateTimeOffset.UtcNow), CancellationToken.None);
        var batch = _redis.GetDatabase().CreateBatch();
        var writes = new List<Task>
        {
            batch.StringSetAsync($"wecomgw:corp:{corpId}:suite:{SuiteId}:token", "corp-token", TimeSpan.FromHours(2)),
            batch.HashSetAsync($"wecomgw:corp:{corpId}:tags", "爱水果", "et001"),
        };
        for (var i = 0; i < customers; i++)
        {
            writes.Add(batch.HashSetAsync($"wecomgw:corp:{corpId}:customer:wm{i:D4}", "stage", "new"));
        }

        batch.Execute();
        await Task.WhenAll(writes);
    }

    private async Task<List<RedisKey>> ScanAsync(string corpId)
    {
        var keys = new List<RedisKey>();
        foreach (var server in _redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: $"wecomgw:corp:{corpId}:*"))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

}
