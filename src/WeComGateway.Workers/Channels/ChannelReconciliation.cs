using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Storage.Channels;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Customers;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Channels;

/// <summary>
/// Checks the channel statistics against WeCom's own: for each corp with customers and each of the last
/// <see cref="ReconciliationOptions.Days"/> finished days, once across all replicas (a claim per corp and day in
/// Redis), get_user_behavior_data per customer-contact member (get_follow_user_list) is stored next to the counts,
/// and every member whose adds (<c>new_contact_cnt</c>) or deletions by the customer (<c>negative_feedback_cnt</c>)
/// differ from the gateway's (all channels together: WeCom knows no channels) is logged and measured. The stats
/// answer of the admin API shows the same difference.
/// </summary>
internal sealed partial class ChannelReconciliation(
    ICustomerFactsStore customers,
    IChannelStatsStore stats,
    IClaimStore claims,
    IServiceScopeFactory scopes,
    CorpGrantSelector grants,
    IOptions<ChannelOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<ChannelReconciliation> logger) : BackgroundService
{
    private static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Reconciliation;
        return PeriodicPass.RunAsync(settings.Enabled, settings.InitialDelay, settings.Interval, time, RunOnceAsync, LogPassFailed, stoppingToken);
    }

    /// <summary>One pass: reconciles every corp day not reconciled yet; returns how many it reconciled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Reconciliation;
        var zone = options.Value.Zone;
        var today = ChannelDays.Of(time.GetUtcNow(), zone);
        var done = 0;
        foreach (var corpId in await customers.CorpsAsync(cancellationToken))
        {
            for (var back = settings.Days; back >= 1; back--)
            {
                if (await ReconcileAsync(corpId, today.AddDays(-back), cancellationToken))
                {
                    done++;
                }
            }
        }

        return done;
    }

    /// <summary>Reconciles one corp day unless another worker holds or finished it; true when this call did.</summary>
    public async Task<bool> ReconcileAsync(string corpId, DateOnly day, CancellationToken cancellationToken)
    {
        var settings = options.Value.Reconciliation;
        var claim = ClaimKey.ChannelReconciliation(corpId, day);
        if (await claims.TryClaimAsync(claim, Owner, settings.ClaimLease, cancellationToken) != ClaimOutcome.Claimed)
        {
            return false;
        }

        try
        {
            if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
            {
                metrics.ChannelReconciliation("not_authorized");
                await claims.ReleaseAsync(claim, Owner, CancellationToken.None);
                return false;
            }

            var zone = options.Value.Zone;
            var start = ChannelDays.Start(day, zone).ToUnixTimeSeconds();
            await using var scope = scopes.CreateAsyncScope(); // a typed client per pass, never held by the singleton
            var api = scope.ServiceProvider.GetRequiredService<IWeComExternalContactApi>();
            var members = (await api.GetFollowUserListAsync(grant.TokenKey, cancellationToken)).FollowUsers;
            var figures = new List<EmployeeBehavior>(members.Count);
            foreach (var member in members)
            {
                var answer = await api.GetUserBehaviorDataAsync(new UserBehaviorDataRequest([member], start, start), grant.TokenKey, cancellationToken);
                var data = answer.BehaviorData.FirstOrDefault(d => d.StatTime == start) ?? answer.BehaviorData.FirstOrDefault();
                figures.Add(new EmployeeBehavior(member, data?.NewContactCount ?? 0, data?.NegativeFeedbackCount ?? 0));
            }

            await stats.SaveBehaviorAsync(corpId, new DayBehavior(day, time.GetUtcNow(), figures), cancellationToken);
            var ours = (await stats.GetAsync(corpId, ChannelBuckets.All, day, day, cancellationToken)).FirstOrDefault();
            var differing = 0;
            foreach (var difference in ChannelReconciliationReport.Compare(day, figures, ours))
            {
                metrics.ChannelReconciliationDifference("adds", difference.AddsDifference);
                metrics.ChannelReconciliationDifference("deleted_by_customer", difference.DeletionsDifference);
                if (difference.AddsDifference != 0 || difference.DeletionsDifference != 0)
                {
                    differing++;
                    LogDifference(corpId, day, difference.UserId, difference.GatewayAdds, difference.WeComNewContacts, difference.GatewayDeletedByCustomer, difference.WeComNegativeFeedback);
                }
            }

            metrics.ChannelReconciliation(differing == 0 ? "matched" : "differs");
            LogReconciled(corpId, day, figures.Count, differing);
            await claims.FinalizeAsync(claim, TimeSpan.FromDays(settings.Days + 2), CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is WeComApiException or CorpNotAuthorizedException)
        {
            metrics.ChannelReconciliation("failed");
            LogFailed(ex, corpId, day);
            await claims.ReleaseAsync(claim, Owner, CancellationToken.None);
            return false;
        }
        catch
        {
            await claims.ReleaseAsync(claim, Owner, CancellationToken.None);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} {Day}: channel statistics reconciled against WeCom for {Members} members, {Differing} differ")]
    private partial void LogReconciled(string corpId, DateOnly day, int members, int differing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} {Day} member {UserId}: gateway counted {Adds} adds and {Deleted} deletions by the customer, WeCom {NewContacts} new contacts and {NegativeFeedback} negative feedback")]
    private partial void LogDifference(string corpId, DateOnly day, string userId, long adds, long newContacts, long deleted, long negativeFeedback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} {Day}: reconciliation against WeCom failed; the next pass tries again")]
    private partial void LogFailed(Exception exception, string corpId, DateOnly day);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel reconciliation pass failed; the next pass picks up what was not reconciled")]
    private partial void LogPassFailed(Exception exception);
}
