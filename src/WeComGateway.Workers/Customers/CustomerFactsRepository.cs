using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Storage.Customers;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Customers;

/// <summary>A customer as stored: the facts, the effects of applied events not carried out yet, the version (0 = nothing stored).</summary>
internal sealed record StoredCustomer(CustomerFacts Facts, IReadOnlyList<PendingEffects> Pending, long Version)
{
    public static StoredCustomer New(string corpId, string externalUserId) => new(CustomerFacts.New(corpId, externalUserId), [], 0);

    public PendingEffects? PendingOf(string eventKey) =>
        Pending.FirstOrDefault(p => string.Equals(p.EventKey, eventKey, StringComparison.Ordinal));
}

/// <summary>What to store: the facts, the pending effects, and when the customer is next due for re-evaluation (null: never).</summary>
internal sealed record CustomerWrite(CustomerFacts Facts, IReadOnlyList<PendingEffects> Pending, DateTimeOffset? DueAt);

/// <summary>
/// The one owner of a customer's stored document (<see cref="ICustomerFactsStore"/> keeps it as opaque JSON): the
/// <see cref="CustomerFacts"/> JSON (camelCase), with the <see cref="PendingEffects"/> beside them in a
/// <c>pendingEffects</c> property that readers of the plain facts ignore. Writes are compare-and-set on the version;
/// when another worker wrote the customer in between, the change is decided again from what it wrote.
/// </summary>
internal sealed partial class CustomerFactsRepository(
    ICustomerFactsStore store,
    IOptions<AutomationOptions> options,
    WorkerMetrics metrics,
    ILogger<CustomerFactsRepository> logger)
{
    private const string PendingProperty = "pendingEffects";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<StoredCustomer> GetAsync(string corpId, string externalUserId, CancellationToken cancellationToken) =>
        await store.GetAsync(corpId, externalUserId, cancellationToken) is { } stored
            ? Deserialize(stored.Json, stored.Version)
            : StoredCustomer.New(corpId, externalUserId);

    /// <summary>
    /// The customer of <paramref name="e"/> as the event leaves them, whether or not it has been applied yet: for
    /// readers that decide without writing (the welcome).
    /// </summary>
    public async Task<CustomerFacts> GetFoldedAsync(AutomationEvent e, CancellationToken cancellationToken) =>
        Fold((await GetAsync(e.CorpId, e.ExternalUserId, cancellationToken)).Facts, e);

    /// <summary><paramref name="facts"/> as <paramref name="e"/> leaves them (unchanged when it changes nothing).</summary>
    public static CustomerFacts Fold(CustomerFacts facts, AutomationEvent e) => CustomerFactsUpdater.Apply(facts, e) ?? facts;

    /// <summary>
    /// Read (or start from <paramref name="current"/>) → <paramref name="change"/> → compare-and-set, again from a fresh
    /// read while other workers write the customer in between, at most <see cref="AutomationOptions.MaxUpdateAttempts"/>
    /// times. <paramref name="change"/> returns its result and what to write (null: nothing), and must have no effect
    /// outside the gateway: it may run several times. Returns its last result and the customer as stored afterwards.
    /// </summary>
    /// <exception cref="CustomerUpdateConflictException">Every attempt lost to another writer (transient: retried).</exception>
    public async Task<(T Result, StoredCustomer Customer)> UpdateAsync<T>(
        AutomationEvent e, StoredCustomer? current, Func<StoredCustomer, Task<(T Result, CustomerWrite? Write)>> change, CancellationToken cancellationToken)
    {
        var attempts = options.Value.MaxUpdateAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            current ??= await GetAsync(e.CorpId, e.ExternalUserId, cancellationToken);
            var (result, write) = await change(current);
            if (write is null)
            {
                return (result, current);
            }

            write = WithinLimit(e, write);
            if (await store.TryWriteAsync(e.CorpId, e.ExternalUserId, current.Version, Serialize(write.Facts, write.Pending), write.DueAt, cancellationToken))
            {
                return (result, new StoredCustomer(write.Facts, write.Pending, current.Version + 1));
            }

            metrics.AutomationConflict(e.Kind);
            LogConflict(e.CorpId, e.ExternalUserId, attempt);
            current = null;
        }

        metrics.AutomationEvent(e.Kind, "conflicts_exhausted");
        throw new CustomerUpdateConflictException(e.CorpId, e.ExternalUserId, attempts);
    }

    /// <summary>
    /// Merges facts read from WeCom (the backfill) into the customer without an event: no rule runs, nothing is
    /// published. <paramref name="merge"/> returns the facts to store, or null when it has nothing new; the pending
    /// effects stay, the due time is <paramref name="dueAt"/> of the merged facts. Compare-and-set like
    /// <see cref="UpdateAsync"/>, up to <see cref="AutomationOptions.MaxUpdateAttempts"/> times.
    /// </summary>
    /// <exception cref="CustomerUpdateConflictException">Every attempt lost to another writer (transient).</exception>
    public async Task<SeedOutcome> SeedAsync(
        string corpId, string externalUserId, Func<CustomerFacts, CustomerFacts?> merge, Func<CustomerFacts, DateTimeOffset?> dueAt, CancellationToken cancellationToken)
    {
        var attempts = options.Value.MaxUpdateAttempts;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var current = await GetAsync(corpId, externalUserId, cancellationToken);
            if (merge(current.Facts) is not { } merged)
            {
                return SeedOutcome.Unchanged;
            }

            if (await store.TryWriteAsync(corpId, externalUserId, current.Version, Serialize(merged, current.Pending), dueAt(merged), cancellationToken))
            {
                return current.Version == 0 ? SeedOutcome.Created : SeedOutcome.Merged;
            }

            LogConflict(corpId, externalUserId, attempt);
        }

        throw new CustomerUpdateConflictException(corpId, externalUserId, attempts);
    }

    /// <summary>
    /// Removes the pending effects of <paramref name="e"/> (carried out now). The facts stay as they are but for the
    /// tags WeCom could not be given (<paramref name="notCreated"/>: the corp's tag library is full), which leave
    /// <see cref="CustomerFacts.Tags"/> so that the facts keep saying what WeCom has.
    /// </summary>
    public Task ClearPendingAsync(
        AutomationEvent e, StoredCustomer current, IReadOnlyCollection<TagRef> notCreated, Func<CustomerFacts, DateTimeOffset?> dueAt, CancellationToken cancellationToken) =>
        UpdateAsync(e, current, stored =>
        {
            if (stored.PendingOf(e.EventKey) is null)
            {
                return Task.FromResult<(bool, CustomerWrite?)>((false, null));
            }

            var facts = notCreated.Count == 0 || !stored.Facts.Tags.Any(notCreated.Contains)
                ? stored.Facts
                : stored.Facts with { Tags = [.. stored.Facts.Tags.Where(t => !notCreated.Contains(t))] };
            var pending = stored.Pending.Where(p => !string.Equals(p.EventKey, e.EventKey, StringComparison.Ordinal)).ToList();
            return Task.FromResult<(bool, CustomerWrite?)>((true, new CustomerWrite(facts, pending, dueAt(facts))));
        }, cancellationToken);

    internal static string Serialize(CustomerFacts facts, IReadOnlyList<PendingEffects> pending)
    {
        var document = JsonSerializer.SerializeToNode(facts, Json)!.AsObject();
        if (pending.Count > 0)
        {
            document[PendingProperty] = JsonSerializer.SerializeToNode(pending, Json);
        }

        return document.ToJsonString(Json);
    }

    internal static StoredCustomer Deserialize(string json, long version)
    {
        using var document = JsonDocument.Parse(json);
        var facts = document.RootElement.Deserialize<CustomerFacts>(Json) ?? throw new JsonException("customer facts are null");
        var pending = document.RootElement.TryGetProperty(PendingProperty, out var stored) ? stored.Deserialize<PendingEffects[]>(Json) : null;
        return new StoredCustomer(facts, pending ?? [], version);
    }

    /// <summary>The newest <see cref="PendingEffects.Limit"/> pending effects; what falls off was never carried out and is logged.</summary>
    private CustomerWrite WithinLimit(AutomationEvent e, CustomerWrite write)
    {
        var excess = write.Pending.Count - PendingEffects.Limit;
        if (excess <= 0)
        {
            return write;
        }

        foreach (var dropped in write.Pending.Take(excess))
        {
            LogPendingDropped(e.CorpId, e.ExternalUserId, dropped.EventKey);
        }

        return write with { Pending = [.. write.Pending.Skip(excess)] };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId} customer {ExternalUserId}: written by another worker meanwhile (attempt {Attempt}); deciding again")]
    private partial void LogConflict(string corpId, string externalUserId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: the effects of event {EventKey} were never carried out and are dropped (too many pending)")]
    private partial void LogPendingDropped(string corpId, string externalUserId, string eventKey);
}

/// <summary>What <see cref="CustomerFactsRepository.SeedAsync"/> did: created the customer, merged into known facts, or nothing (known already).</summary>
internal enum SeedOutcome
{
    Created,
    Merged,
    Unchanged,
}

/// <summary>Too many concurrent writers for one customer: transient, the message is retried.</summary>
internal sealed class CustomerUpdateConflictException(string corpId, string externalUserId, int attempts)
    : Exception($"Customer {externalUserId} of corp {corpId} was written by others {attempts} times while this event was applied");
