using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.IntegrationTests.Authorization;

/// <summary>The authorization store on the real Redis: permanent codes encrypted at rest, cancel_auth leaves nothing behind.</summary>
public sealed class RedisAuthorizationStoreTests : IAsyncLifetime
{
    private const string SuiteId = "wwsuite0000000001";

    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private IConnectionMultiplexer _redis = null!;
    private RedisAuthorizationStore _store = null!;

    public async Task InitializeAsync()
    {
        _redis = await RealServices.ConnectRedisAsync();
        _store = new RedisAuthorizationStore(_redis, _protector);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task The_permanent_code_round_trips_encrypted_and_is_nowhere_in_the_raw_hash()
    {
        var corpId = NewCorpId();
        var permanentCode = $"perm-{Guid.NewGuid():N}";
        var authorizedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var authorization = new CorpAuthorization(corpId, SuiteId, permanentCode, "水果店", authorizedAt);

        await _store.SaveAsync(authorization, CancellationToken.None);

        var raw = await _redis.GetDatabase().HashGetAllAsync($"wecomgw:corp:{corpId}:auth");
        Assert.NotEmpty(raw);
        Assert.DoesNotContain(raw, e => e.Name.ToString().Contains(permanentCode, StringComparison.Ordinal)
            || e.Value.ToString().Contains(permanentCode, StringComparison.Ordinal));
        Assert.Equal(authorization, await _store.GetAsync(corpId, CancellationToken.None));

        var encrypted = raw.Single(e => e.Name == "permanent_code_enc").Value.ToString();
        Assert.Throws<SecretUnprotectException>(() => _protector.Unprotect(encrypted, SecretBinding.PermanentCode(NewCorpId())));
        Assert.Equal(1, await _store.DeleteCorpAsync(corpId, CancellationToken.None));
    }

    [Fact]
    public async Task A_ciphertext_copied_into_another_corps_record_does_not_decrypt()
    {
        var victim = NewCorpId();
        var attacker = NewCorpId();
        await _store.SaveAsync(new CorpAuthorization(victim, SuiteId, "victim-code", null, DateTimeOffset.UtcNow), CancellationToken.None);
        await _store.SaveAsync(new CorpAuthorization(attacker, SuiteId, "attacker-code", null, DateTimeOffset.UtcNow), CancellationToken.None);
        var db = _redis.GetDatabase();

        var stolen = await db.HashGetAsync($"wecomgw:corp:{victim}:auth", "permanent_code_enc");
        await db.HashSetAsync($"wecomgw:corp:{attacker}:auth", "permanent_code_enc", stolen);

        await Assert.ThrowsAsync<SecretUnprotectException>(() => _store.GetAsync(attacker, CancellationToken.None));
        await _store.DeleteCorpAsync(victim, CancellationToken.None);
        await _store.DeleteCorpAsync(attacker, CancellationToken.None);
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

        var removed = await _store.DeleteCorpAsync(corpId, CancellationToken.None);

        Assert.Equal(1 + 1 + 1 + 600, removed); // auth, token, tags, customers (more than one SCAN/DEL batch)
        Assert.Empty(await ScanAsync(corpId));
        Assert.Equal(1 + 1 + 1 + 3, (await ScanAsync(neighbour)).Count);
        Assert.Equal(1 + 1 + 1 + 3, (await ScanAsync(other)).Count);
        Assert.Null(await _store.GetAsync(corpId, CancellationToken.None));
        Assert.Equal(0, await _store.DeleteCorpAsync(corpId, CancellationToken.None));

        await _store.DeleteCorpAsync(neighbour, CancellationToken.None);
        await _store.DeleteCorpAsync(other, CancellationToken.None);
    }

    [Fact]
    public async Task Glob_characters_in_a_corp_id_match_only_that_corp()
    {
        var stem = NewCorpId();
        var globby = stem + "*";
        await SeedCorpAsync(stem + "x", customers: 1);
        await SeedCorpAsync(globby, customers: 1);

        Assert.Equal(4, await _store.DeleteCorpAsync(globby, CancellationToken.None));

        Assert.Equal(4, (await ScanAsync(stem + "x")).Count);
        await _store.DeleteCorpAsync(stem + "x", CancellationToken.None);
    }

    [Fact]
    public async Task Marking_a_corp_inactive_keeps_its_code_and_never_creates_a_record()
    {
        var corpId = NewCorpId();
        var unknown = NewCorpId();
        await _store.SaveAsync(new CorpAuthorization(corpId, SuiteId, "code", "水果店", DateTimeOffset.UtcNow), CancellationToken.None);

        await _store.MarkInactiveAsync(corpId, "errcode 40084", CancellationToken.None);
        await _store.MarkInactiveAsync(unknown, "errcode 40084", CancellationToken.None);

        var stored = await _store.GetAsync(corpId, CancellationToken.None);
        Assert.Equal((false, "errcode 40084", "code"), (stored?.Active, stored?.InactiveReason, stored?.PermanentCode));
        Assert.False(await _redis.GetDatabase().KeyExistsAsync($"wecomgw:corp:{unknown}:auth"));
        await _store.DeleteCorpAsync(corpId, CancellationToken.None);
    }

    /// <summary>What the gateway keeps per corp: authorization, a corp token, the tag map and customer facts.</summary>
    private async Task SeedCorpAsync(string corpId, int customers)
    {
        await _store.SaveAsync(new CorpAuthorization(corpId, SuiteId, $"perm-{corpId}", null, DateTimeOffset.UtcNow), CancellationToken.None);
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

    private static string NewCorpId() => "wwit" + Guid.NewGuid().ToString("N")[..14];
}
