using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Customers;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Channels;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Media;

namespace WeComGateway.Workers.Welcome;

/// <summary>
/// The welcome message (欢迎语) for a new customer, on its own queue (<c>welcome</c>) and concurrency so that other
/// work never delays it: choose the template by rule, fill it, resolve its media (<see cref="IMediaLibrary"/>, inside
/// the same window), send_welcome_msg once per welcome code (Redis claim),
/// publish <see cref="WelcomeMessageSent"/>. After WeCom's 20-second window it does not try any more and publishes
/// <see cref="WelcomeMessageExpired"/> instead.
/// While Redis is unreachable the welcome still goes out inside its window: without a claim (WeCom takes a welcome
/// code once and answers 41051 to a second send), from the rule set last read, the customer as the event alone makes
/// them (a new customer) and the channels last read (none if never read).
/// </summary>
internal sealed partial class WelcomeConsumer(
    IClaimStore claims,
    IEmployeeNameStore employees,
    CustomerFactsRepository customers,
    RuleSetProvider ruleSets,
    ChannelDirectoryProvider channels,
    IWeComExternalContactApi api,
    IMediaLibrary media,
    IOptions<AutomationOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<WelcomeConsumer> logger) : IConsumer<ExternalContactAdded>, IConsumer<ExternalContactHalfAdded>
{
    private static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public Task Consume(ConsumeContext<ExternalContactAdded> context) =>
        SendAsync(context, context.Message, context.Message.WelcomeCode, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactHalfAdded> context) =>
        SendAsync(context, context.Message, context.Message.WelcomeCode, CustomerEventMapper.From(context.Message));

    private async Task SendAsync(ConsumeContext context, WeComCallbackEvent message, string? welcomeCode, AutomationEvent e)
    {
        if (string.IsNullOrEmpty(welcomeCode) || e.UserId is null)
        {
            return; // WeCom gives no code when it will not allow a welcome (console welcome configured, already chatted, …)
        }

        var window = options.Value.Welcome;
        var deadline = message.EventTime + window.Window;
        if (time.GetUtcNow() >= deadline)
        {
            await ExpiredAsync(context, e, message.EventTime, "window_passed");
            return;
        }

        var claim = await TryClaimAsync(ClaimKey.WelcomeCode(e.CorpId, welcomeCode), window.ClaimTtl, e, context.CancellationToken);
        switch (claim.Outcome)
        {
            case ClaimOutcome.AlreadyFinalized:
                metrics.WelcomeSkipped("already_sent");
                LogAlreadySent(e.CorpId, e.ExternalUserId);
                return;
            case ClaimOutcome.InFlight:
                throw new WelcomeInFlightException(e.CorpId, e.ExternalUserId); // retried: the other holder may have died
        }

        var remaining = deadline - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            await FinalizeAsync(claim, e);
            await ExpiredAsync(context, e, message.EventTime, "window_passed");
            return;
        }

        try
        {
            using var window20s = new CancellationTokenSource(remaining, time);
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, window20s.Token);
            var sent = await ChooseAndSendAsync(message.SuiteId, welcomeCode, e, budget.Token);
            await FinalizeAsync(claim, e);
            if (sent is { } choice)
            {
                metrics.WelcomeSent(time.GetUtcNow() - message.EventTime);
                await context.Publish(new WelcomeMessageSent
                {
                    CorpId = e.CorpId,
                    ExternalUserId = e.ExternalUserId,
                    UserId = e.UserId,
                    TemplateId = choice.TemplateId,
                    RuleId = choice.RuleId,
                    EventTime = message.EventTime,
                    SentAt = time.GetUtcNow(),
                }, context.CancellationToken);
            }
        }
        catch (WeComApiException ex) when (ex.ErrCode == WelcomeErrCodes.CodeExpired)
        {
            await FinalizeAsync(claim, e);
            await ExpiredAsync(context, e, message.EventTime, "code_expired");
        }
        catch (WeComApiException ex) when (ex.ErrCode == WelcomeErrCodes.AlreadyChatting)
        {
            await FinalizeAsync(claim, e);
            metrics.WelcomeSkipped("already_chatting");
            LogAlreadyChatting(e.CorpId, e.ExternalUserId);
        }
        catch (WeComApiException ex) when (ex.ErrCode == WelcomeErrCodes.BeingDistributed && time.GetUtcNow() < deadline)
        {
            await ReleaseAsync(claim, e);
            throw new WelcomeInFlightException(e.CorpId, e.ExternalUserId); // tried again inside the window; once past it, expired
        }
        catch (CorpNotAuthorizedException)
        {
            metrics.WelcomeSkipped("not_authorized"); // no grant of the suite (uninstalled): nothing of the corp is kept, not even the claim
            LogNotAuthorized(e.CorpId, e.ExternalUserId, message.SuiteId);
        }
        catch (Exception ex) when (time.GetUtcNow() >= deadline && ex is OperationCanceledException or WeComApiException)
        {
            await FinalizeAsync(claim, e);
            await ExpiredAsync(context, e, message.EventTime, "window_passed");
        }
        catch
        {
            await ReleaseAsync(claim, e);
            throw;
        }
    }

    /// <summary>The chosen template, or null when the rules choose none (nothing is sent).</summary>
    private async Task<WelcomeChoice?> ChooseAndSendAsync(string suiteId, string welcomeCode, AutomationEvent e, CancellationToken cancellationToken)
    {
        var ruleSet = await ruleSets.GetAsync(e.CorpId, cancellationToken); // while Redis is down: the rule set last read
        var known = await KnownCustomerAsync(e, cancellationToken);
        var channelDirectory = await ChannelDirectoryAsync(e, cancellationToken);
        var now = time.GetUtcNow();
        if (ruleSet.ChooseWelcome(known, e, now, channelDirectory) is not { } choice || ruleSet.FindWelcomeTemplate(choice.TemplateId) is not { } template)
        {
            metrics.WelcomeSkipped("no_template");
            LogNoTemplate(e.CorpId, e.ExternalUserId);
            return null;
        }

        var token = TokenKey.Corp(suiteId, e.CorpId);
        var customerName = WelcomeMessageBuilder.NeedsCustomerName(template)
            ? known.Name ?? await CustomerNameAsync(e, token, cancellationToken)
            : null;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer_name"] = customerName,
            ["employee_name"] = await EmployeeNameAsync(e, cancellationToken),
            ["channel"] = e.State,
        };
        var rendered = WelcomeRenderer.Render(template, values);
        await media.CallWithMediaAsync( // a stale media id (40007) is uploaded again and the welcome sent once more: WeCom did not act on it
            token,
            WelcomeAttachmentMedia.Sources(rendered.Attachments),
            MediaPurpose.Message,
            ids => api.SendWelcomeMessageAsync(WelcomeMessageBuilder.Build(welcomeCode, rendered, ids), token, cancellationToken),
            cancellationToken);
        LogSent(e.CorpId, e.ExternalUserId, choice.TemplateId, (now - e.OccurredAt).TotalMilliseconds);
        return choice;
    }

    /// <summary>
    /// The claim on the welcome code, or — the claim store unreachable — none: the welcome is sent unclaimed, WeCom
    /// refusing a second send of the code (41051) keeps it to one.
    /// </summary>
    private async Task<WelcomeClaim> TryClaimAsync(ClaimKey key, TimeSpan pendingTtl, AutomationEvent e, CancellationToken cancellationToken)
    {
        try
        {
            return new WelcomeClaim(key, await claims.TryClaimAsync(key, Owner, pendingTtl, cancellationToken));
        }
        catch (StoreUnavailableException ex)
        {
            metrics.WelcomeUnclaimed();
            LogUnclaimed(e.CorpId, e.ExternalUserId, ex.Operation);
            return new WelcomeClaim(key, null);
        }
    }

    /// <summary>A claim the store cannot finalize now stays pending until its TTL; a copy of the event after that gets 41051.</summary>
    private async Task FinalizeAsync(WelcomeClaim claim, AutomationEvent e)
    {
        if (claim.Outcome is null)
        {
            return;
        }

        try
        {
            await claims.FinalizeAsync(claim.Key, options.Value.Welcome.SentMemory, CancellationToken.None);
        }
        catch (StoreUnavailableException ex)
        {
            LogClaimKept(e.CorpId, e.ExternalUserId, ex.Operation);
        }
    }

    /// <summary>A claim the store cannot release now lapses after its TTL; the retry waits for it.</summary>
    private async Task ReleaseAsync(WelcomeClaim claim, AutomationEvent e)
    {
        if (claim.Outcome is null)
        {
            return;
        }

        try
        {
            await claims.ReleaseAsync(claim.Key, Owner, CancellationToken.None);
        }
        catch (StoreUnavailableException ex)
        {
            LogClaimKept(e.CorpId, e.ExternalUserId, ex.Operation);
        }
    }

    /// <summary>The customer as stored, folded with the event; while the store is down, as the event alone makes them (a new customer).</summary>
    private async Task<CustomerFacts> KnownCustomerAsync(AutomationEvent e, CancellationToken cancellationToken)
    {
        try
        {
            return await customers.GetFoldedAsync(e, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            metrics.WelcomeInputUnavailable("customer_facts");
            LogInputUnavailable(e.CorpId, e.ExternalUserId, ex.Operation);
            return CustomerFactsRepository.Fold(CustomerFacts.New(e.CorpId, e.ExternalUserId), e);
        }
    }

    /// <summary>The corp's channels; while the store is down and none were read before, no channels (the welcome rules without <c>channel</c> still choose).</summary>
    private async Task<ChannelDirectory> ChannelDirectoryAsync(AutomationEvent e, CancellationToken cancellationToken)
    {
        try
        {
            return await channels.GetAsync(e.CorpId, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            metrics.WelcomeInputUnavailable("channels");
            LogInputUnavailable(e.CorpId, e.ExternalUserId, ex.Operation);
            return ChannelDirectory.Empty;
        }
    }

    /// <summary>The name is a nicety: when WeCom is slow or refuses, the template's default is used.</summary>
    private async Task<string?> CustomerNameAsync(AutomationEvent e, TokenKey token, CancellationToken cancellationToken)
    {
        using var lookup = new CancellationTokenSource(options.Value.Welcome.CustomerLookupBudget, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lookup.Token);
        try
        {
            return (await api.GetExternalContactAsync(e.ExternalUserId, null, token, budget.Token)).ExternalContact?.Name;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is WeComApiException or OperationCanceledException)
        {
            LogNameUnavailable(e.CorpId, e.ExternalUserId, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>From change_contact events; WeCom sends third-party apps no member names, so the template default is common.</summary>
    private async Task<string?> EmployeeNameAsync(AutomationEvent e, CancellationToken cancellationToken)
    {
        try
        {
            return e.UserId is { } userId ? await employees.GetAsync(e.CorpId, userId, cancellationToken) : null;
        }
        catch (StoreUnavailableException)
        {
            return null;
        }
    }

    private async Task ExpiredAsync(ConsumeContext context, AutomationEvent e, DateTimeOffset eventTime, string reason)
    {
        var now = time.GetUtcNow();
        metrics.WelcomeExpired(reason);
        LogExpired(e.CorpId, e.ExternalUserId, reason, (now - eventTime).TotalSeconds);
        await context.Publish(new WelcomeMessageExpired
        {
            CorpId = e.CorpId,
            ExternalUserId = e.ExternalUserId,
            UserId = e.UserId ?? string.Empty,
            EventTime = eventTime,
            At = now,
            Reason = reason,
        }, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: the claim store is unreachable ({Operation}); the welcome is sent unclaimed (WeCom refuses a reused welcome code)")]
    private partial void LogUnclaimed(string corpId, string externalUserId, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: the welcome claim could not be settled ({Operation}); it lapses by itself")]
    private partial void LogClaimKept(string corpId, string externalUserId, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: the store is unreachable ({Operation}); the welcome is chosen without it")]
    private partial void LogInputUnavailable(string corpId, string externalUserId, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: no welcome, the corp holds no grant of suite {SuiteId} (not installed here, or uninstalled)")]
    private partial void LogNotAuthorized(string corpId, string externalUserId, string suiteId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: welcome '{TemplateId}' sent {SinceEventMs:F0} ms after the event")]
    private partial void LogSent(string corpId, string externalUserId, string templateId, double sinceEventMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId} customer {ExternalUserId}: welcome code already used; not sending again")]
    private partial void LogAlreadySent(string corpId, string externalUserId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: WeCom says the customer is already chatting (41051); no welcome")]
    private partial void LogAlreadyChatting(string corpId, string externalUserId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: no welcome template chosen and no default; nothing sent")]
    private partial void LogNoTemplate(string corpId, string externalUserId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: welcome expired ({Reason}, {AgeSeconds:F1} s after the event); not retried")]
    private partial void LogExpired(string corpId, string externalUserId, string reason, double ageSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: name unavailable ({Error}); the template default is used")]
    private partial void LogNameUnavailable(string corpId, string externalUserId, string error);
}

/// <summary>The welcome code's claim as taken; <see cref="Outcome"/> null: not taken, the claim store was unreachable.</summary>
internal readonly record struct WelcomeClaim(ClaimKey Key, ClaimOutcome? Outcome);

/// <summary>send_welcome_msg's final answers.</summary>
internal static class WelcomeErrCodes
{
    /// <summary>The welcome code is invalid or expired (20 s).</summary>
    public const int CodeExpired = 41050;

    /// <summary>The customer is already chatting, or another app used the code first.</summary>
    public const int AlreadyChatting = 41051;

    /// <summary>
    /// Another app's welcome on this code is being distributed (WeCom's send_welcome_msg page): not a sent welcome and
    /// not a media error — the send may be tried again while the 20 s window lasts.
    /// </summary>
    public const int BeingDistributed = 41096;
}

/// <summary>Another worker holds the welcome code's claim; retried shortly (the claim lapses if its holder died).</summary>
internal sealed class WelcomeInFlightException(string corpId, string externalUserId)
    : Exception($"The welcome code for customer {externalUserId} of corp {corpId} is being sent by another worker");
