using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Fission;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Publishing;

namespace WeComGateway.Workers.Fission;

/// <summary>
/// Feeds adds and deletes to the fission store, which decides and counts in one step (docs/fission.md), then
/// publishes what changed: <see cref="FissionCreditChanged"/> for every credit given or taken back (again, with the
/// same message id, when the store recognises a repeat), and <see cref="FissionGoalReached"/> while the store holds
/// the participant's goal as <c>pending</c>, marking it <c>sent</c> after the publish — so it goes out once.
/// Publishes go straight to the broker (not the consume's outbox): the store is the outbox.
/// </summary>
internal sealed partial class FissionCrediting(
    IFissionStore store,
    ICustomerFactsStore facts,
    IBus bus,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<FissionCrediting> logger)
{
    public async Task AddedAsync(ExternalContactAdded added, CancellationToken cancellationToken)
    {
        if (added.CorpId is not { } corpId)
        {
            return;
        }

        var state = added.State ?? string.Empty;
        var knownSince = state.Length > 0 ? await KnownSinceAsync(corpId, added.ExternalUserId, cancellationToken) : null;
        var outcome = await store.RecordAddAsync(corpId, new FissionAdd(added.ExternalUserId, added.UserId, state, added.EventTime, knownSince), cancellationToken);
        metrics.FissionEvent("add", OutcomeName(outcome.Result));
        if (outcome.Result == FissionAddResult.NotAuthorized)
        {
            LogNotAuthorized(corpId);
            return;
        }

        if (outcome.Revoked is { } revoked)
        {
            await PublishChangeAsync(corpId, revoked, revoked.Reason ?? "readd", added.EventTime, cancellationToken);
        }

        if (outcome.Credit is { } credit)
        {
            LogCredited(corpId, credit.CampaignId, credit.ParticipantId, credit.Credited);
            await PublishChangeAsync(corpId, credit, "credited", added.EventTime, cancellationToken);
            await PublishGoalAsync(corpId, credit, cancellationToken);
        }
    }

    public async Task DeletedAsync(ExternalContactDeletedByCustomer deleted, CancellationToken cancellationToken)
    {
        if (deleted.CorpId is not { } corpId)
        {
            return;
        }

        var outcome = await store.RecordDeleteAsync(corpId, deleted.ExternalUserId, deleted.UserId, deleted.EventTime, cancellationToken);
        metrics.FissionEvent("delete", outcome.Result switch
        {
            FissionDeleteResult.Revoked => outcome.Revoked?.Reason ?? "revoked",
            FissionDeleteResult.Repeat => "repeat",
            FissionDeleteResult.Recorded => "recorded",
            FissionDeleteResult.NoCampaigns => "no_campaigns",
            _ => "not_authorized",
        });
        if (outcome.Revoked is { } revoked)
        {
            await PublishChangeAsync(corpId, revoked, revoked.Reason ?? "lost", deleted.EventTime, cancellationToken);
        }
    }

    /// <summary>The customer's earliest add as the customer facts tell it (the backfill seeds it for customers older than the gateway).</summary>
    private async Task<DateTimeOffset?> KnownSinceAsync(string corpId, string externalUserId, CancellationToken cancellationToken)
    {
        if (await facts.GetAsync(corpId, externalUserId, cancellationToken) is not { } stored)
        {
            return null;
        }

        using var document = JsonDocument.Parse(stored.Json);
        return document.RootElement.TryGetProperty("addedAt", out var addedAt) && addedAt.ValueKind == JsonValueKind.String
            && addedAt.TryGetDateTimeOffset(out var at) ? at : null;
    }

    private Task PublishChangeAsync(string corpId, FissionCreditChange change, string what, DateTimeOffset at, CancellationToken cancellationToken) =>
        bus.Publish(
            new FissionCreditChanged
            {
                CorpId = corpId,
                CampaignId = change.CampaignId,
                ParticipantId = change.ParticipantId,
                CustomerId = change.CustomerId,
                Change = what,
                Credited = change.Credited,
                At = at,
            },
            context => context.MessageId = MessageIdOf(corpId, change.CampaignId, change.CustomerId, what + "\n" + at.ToUnixTimeMilliseconds()),
            cancellationToken);

    private async Task PublishGoalAsync(string corpId, FissionCreditChange credit, CancellationToken cancellationToken)
    {
        if (credit.Goal != "pending" || await store.GetCampaignAsync(corpId, credit.CampaignId, cancellationToken) is not { } campaign)
        {
            return;
        }

        await bus.Publish(
            new FissionGoalReached
            {
                CorpId = corpId,
                CampaignId = credit.CampaignId,
                ParticipantId = credit.ParticipantId,
                Credited = credit.Credited,
                Goal = campaign.Goal,
                Reward = campaign.Reward,
                At = time.GetUtcNow(),
            },
            context => context.MessageId = MessageIdOf(corpId, credit.CampaignId, credit.ParticipantId, "goal"),
            cancellationToken);
        await store.MarkGoalPublishedAsync(corpId, credit.CampaignId, credit.ParticipantId, cancellationToken);
        LogGoalReached(corpId, credit.CampaignId, credit.ParticipantId, credit.Credited);
    }

    /// <summary>The same for every publish of one fact: a repeat is recognisable by its message id.</summary>
    internal static Guid MessageIdOf(string corpId, string campaignId, string who, string what)
        => FactMessageIds.Of("fission", corpId, campaignId, who, what);

    private static string OutcomeName(FissionAddResult result) => result switch
    {
        FissionAddResult.Credited => "credited",
        FissionAddResult.Repeat => "repeat",
        FissionAddResult.ReAdd => "readd",
        FissionAddResult.SelfAdd => "self_add",
        FissionAddResult.NotCustomer => "not_customer",
        FissionAddResult.OutsideCampaign => "outside_campaign",
        FissionAddResult.DeletedEarly => "deleted_early",
        FissionAddResult.Lost => "lost",
        FissionAddResult.NotFission => "not_fission",
        FissionAddResult.NoCampaigns => "no_campaigns",
        _ => "not_authorized",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} holds no grant: its add is not counted for fission")]
    private partial void LogNotAuthorized(string corpId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} fission campaign {CampaignId}: participant {ParticipantId} credited, now {Credited}")]
    private partial void LogCredited(string corpId, string campaignId, string participantId, long credited);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} fission campaign {CampaignId}: participant {ParticipantId} reached the goal with {Credited}")]
    private partial void LogGoalReached(string corpId, string campaignId, string participantId, long credited);
}
