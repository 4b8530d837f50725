using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using WeComGateway.Callbacks;
using WeComGateway.Hosting;
using WeComGateway.Receiver.Configuration;
using WeComGateway.Receiver.Diagnostics;
using WeComGateway.Receiver.Publishing;
using WeComGateway.Storage;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Corps;
using WeComGateway.Storage.Tickets;

namespace WeComGateway.Receiver.Callbacks;

/// <summary>
/// The callback path, in the order the architecture fixes: envelope → signature → timestamp → decrypt → receive id
/// → event → dedupe claim → durable publish → answer. Everything before the claim is pure; a failure there is the
/// sender's (4xx) and publishes nothing.
/// </summary>
public sealed partial class CallbackReceiver(
    SuiteRegistry suites,
    IClaimStore claims,
    ISuiteTicketStore tickets,
    ICorpDirectory corps,
    DurablePublisher publisher,
    ReceiverMetrics metrics,
    TimeProvider time,
    IOptions<ReceiverOptions> options,
    ILogger<CallbackReceiver> logger)
{
    private readonly string _instance = Guid.NewGuid().ToString("N");

    public CallbackOutcome VerifyUrl(string suiteId, CallbackUrl url, CallbackQuery query)
    {
        try
        {
            var keys = Suite(suiteId);
            var (signature, timestamp, nonce) = Required(query);
            // A proxy that un-escapes %2B turns '+' into ' '; base64 never holds a space (docs/wecom-protocol.md, "URL verification").
            var echo = (query.EchoStr ?? throw Missing("echostr")).Replace(' ', '+');
            var crypto = Verify(suiteId, keys, signature, timestamp, nonce, Encoding.UTF8.GetBytes(echo));
            var decrypted = crypto.Decrypt(echo);
            ReceiveIdPolicy.CheckHandshake(decrypted.ReceiveId, suiteId, suites.ProviderCorpId);
            logger.LogInformation("URL verification for suite {SuiteId} on the {Url} URL passed", suiteId, url.Label());
            CountPreviousKey(suiteId, keys, crypto);
            return CallbackOutcome.Verified(decrypted.Message);
        }
        catch (CallbackRejectedException rejection)
        {
            return Reject(suiteId, url, rejection);
        }
    }

    public async Task<CallbackOutcome> ReceiveAsync(string suiteId, CallbackUrl url, CallbackQuery query, ReadOnlyMemory<byte> body)
    {
        ParsedCallback parsed;
        SuiteKeys keys;
        CallbackCrypto crypto;
        try
        {
            (parsed, keys, crypto) = await ParseAsync(suiteId, url, query, body);
        }
        catch (CallbackRejectedException rejection)
        {
            return Reject(suiteId, url, rejection);
        }

        var message = parsed.Event;
        using var scope = logger.BeginScope(new CallbackLogScope(message.SuiteId, message.CorpId, message.DedupeKey));
        Activity.Current.TagCallback(message.SuiteId, message.CorpId, message.DedupeKey)?.SetTag("wecomgw.event", message.GetType().Name);

        var claimed = await ClaimAsync(message.DedupeKey);
        if (claimed is ClaimOutcome.AlreadyFinalized)
        {
            metrics.Duplicate(message.SuiteId, url, message.GetType().Name);
            logger.LogInformation("Duplicate delivery of {Kind} answered without publishing", parsed.Kind);
            CountPreviousKey(message.SuiteId, keys, crypto);
            return CallbackOutcome.Duplicate;
        }

        if (claimed is ClaimOutcome.InFlight)
        {
            metrics.Unavailable(message.SuiteId, "in_flight");
            return CallbackOutcome.Unavailable("the same event is being processed by another request");
        }

        if (parsed.SuiteTicket is not null)
        {
            await SaveTicketAsync(message.SuiteId, parsed.SuiteTicket, message.EventTime);
        }

        var budget = parsed.IsAuthorizationEvent ? options.Value.AuthorizationConfirmBudget : options.Value.PublishConfirmBudget;
        var durability = await publisher.PublishAsync(message, budget);
        if (durability == Durability.Failed)
        {
            await ReleaseAsync(message.DedupeKey, claimed);
            metrics.Unavailable(message.SuiteId, "not_durable");
            return CallbackOutcome.Unavailable("neither the broker nor the fallback outbox accepted the event");
        }

        // The event is durable: WeCom may have its answer now. Making the claim final is not waited for — a retry that
        // comes first finds the claim pending and waits for it (InFlightWait), and one that finds it expired (Redis
        // failed) publishes again, which consumers tolerate, as when the final write fails outright.
        _ = CompleteAsync(message.DedupeKey, claimed);
        var path = durability == Durability.Confirmed ? "broker" : "outbox";
        metrics.Accepted(message.SuiteId, url, message.GetType().Name, path);
        LogAccepted(parsed.Kind, message.GetType().Name, path);
        CountPreviousKey(message.SuiteId, keys, crypto);
        return CallbackOutcome.Accepted;
    }

    private async Task<(ParsedCallback Parsed, SuiteKeys Keys, CallbackCrypto Crypto)> ParseAsync(
        string suiteId, CallbackUrl url, CallbackQuery query, ReadOnlyMemory<byte> body)
    {
        var (parsed, keys, crypto, receiveId) = Parse(suiteId, url, query, body.Span);
        if (url == CallbackUrl.Data)
        {
            await CountUnknownCorpAsync(receiveId);
        }

        return (parsed, keys, crypto);
    }

    /// <remarks>Synchronous so ciphertext and plaintext stay spans over the body and a pooled buffer: no strings of them.</remarks>
    private (ParsedCallback Parsed, SuiteKeys Keys, CallbackCrypto Crypto, string ReceiveId) Parse(
        string suiteId, CallbackUrl url, CallbackQuery query, ReadOnlySpan<byte> body)
    {
        var keys = Suite(suiteId);
        var (signature, timestamp, nonce) = Required(query);
        var envelope = CallbackEnvelope.ParseUtf8(body);
        var crypto = Verify(suiteId, keys, signature, timestamp, nonce, envelope.Encrypt);
        using var decrypted = crypto.DecryptUtf8(envelope.Encrypt);
        ReceiveIdPolicy.CheckCallback(url, decrypted.ReceiveId, suiteId, suites.ProviderCorpId, envelope.ToUserName);
        var parsed = CallbackEventParser.Parse(decrypted.Message, new CallbackContext(suiteId, decrypted.ReceiveId, time.GetUtcNow()));
        return (parsed, keys, crypto, decrypted.ReceiveId);
    }

    private SuiteKeys Suite(string suiteId) =>
        suites.Find(suiteId) ?? throw new CallbackRejectedException(CallbackRejection.UnknownSuite, "no suite with this id is configured");

    private static (string Signature, string Timestamp, string Nonce) Required(CallbackQuery query) => (
        query.MsgSignature ?? throw Missing("msg_signature"),
        query.Timestamp ?? throw Missing("timestamp"),
        query.Nonce ?? throw Missing("nonce"));

    private static CallbackRejectedException Missing(string name) =>
        new(CallbackRejection.MissingQueryParameter, $"query parameter '{name}' is missing");

    /// <returns>The crypto whose token signed the request (current, or previous during a rotation): it decrypts.</returns>
    private CallbackCrypto Verify(string suiteId, SuiteKeys keys, string signature, string timestamp, string nonce, ReadOnlySpan<byte> encrypted)
    {
        var crypto = keys.Authenticate(signature, timestamp, nonce, encrypted, time.GetUtcNow(), out var previousExpired);
        if (crypto is null)
        {
            if (previousExpired && keys.FirstExpiryReport())
            {
                logger.LogWarning(
                    "The previous keys of suite {SuiteId} expired at {ValidUntil} and are ignored; remove WeCom:Suites:{Index}:PreviousToken, PreviousEncodingAesKey and PreviousKeysValidUntil",
                    suiteId,
                    keys.PreviousValidUntil,
                    keys.Index);
            }

            throw new CallbackRejectedException(CallbackRejection.BadSignature, "msg_signature does not match");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new CallbackRejectedException(CallbackRejection.TimestampOutOfWindow, "timestamp is not a unix time");
        }

        var skew = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (skew.Duration() > options.Value.TimestampTolerance)
        {
            throw new CallbackRejectedException(
                CallbackRejection.TimestampOutOfWindow,
                $"timestamp is {skew.TotalSeconds:F0} s from now; tolerance is {options.Value.TimestampTolerance.TotalSeconds:F0} s");
        }

        return crypto;
    }

    private void CountPreviousKey(string suiteId, SuiteKeys keys, CallbackCrypto crypto)
    {
        if (ReferenceEquals(crypto, keys.Current))
        {
            return;
        }

        metrics.PreviousKey(suiteId);
        logger.LogInformation(
            "Accepted a request for suite {SuiteId} signed with its previous keys (accepted until {ValidUntil}); WeCom has not switched every delivery to the current keys yet",
            suiteId,
            keys.PreviousValidUntil);
    }

    /// <returns>Claimed, AlreadyFinalized or InFlight; null when Redis is unreachable (publish anyway).</returns>
    private async Task<ClaimOutcome?> ClaimAsync(string dedupeKey)
    {
        var deadline = time.GetUtcNow() + options.Value.InFlightWait;
        try
        {
            while (true)
            {
                var outcome = await claims.TryClaimAsync(ClaimKey.Callback(dedupeKey), _instance, options.Value.DedupePendingTtl, CancellationToken.None);
                if (outcome != ClaimOutcome.InFlight || time.GetUtcNow() >= deadline)
                {
                    return outcome;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), time);
            }
        }
        catch (StoreUnavailableException ex)
        {
            metrics.DedupeUnavailable();
            logger.LogWarning(ex, "Dedupe store unreachable; publishing without a claim (consumers are idempotent)");
            return null;
        }
    }

    /// <summary>Never throws: it runs after the answer is decided.</summary>
    private async Task CompleteAsync(string dedupeKey, ClaimOutcome? claimed)
    {
        if (claimed is null)
        {
            return;
        }

        try
        {
            await claims.FinalizeAsync(ClaimKey.Callback(dedupeKey), options.Value.DedupeCompletedTtl, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The pending claim expires by itself; a retry then publishes again, which consumers tolerate.
            logger.LogWarning(ex, "Could not make the dedupe claim final");
        }
    }

    private async Task ReleaseAsync(string dedupeKey, ClaimOutcome? claimed)
    {
        if (claimed is null)
        {
            return;
        }

        try
        {
            await claims.ReleaseAsync(ClaimKey.Callback(dedupeKey), _instance, CancellationToken.None);
        }
        catch (StoreUnavailableException ex)
        {
            logger.LogWarning(ex, "Could not release the dedupe claim; it expires in {Ttl}", options.Value.DedupePendingTtl);
        }
    }

    private async Task SaveTicketAsync(string suiteId, string ticket, DateTimeOffset eventTime)
    {
        try
        {
            var saved = await tickets.SaveAsync(suiteId, new SuiteTicket(ticket, eventTime, time.GetUtcNow()), CancellationToken.None);
            if (!saved)
            {
                logger.LogInformation("Kept the newer suite ticket already stored for {SuiteId}", suiteId);
            }
        }
        catch (StoreUnavailableException ex)
        {
            // WeCom pushes a new ticket every ~10 minutes and each is valid 30: the event still goes out.
            metrics.TicketStoreFailed();
            logger.LogError(ex, "Could not store the suite ticket of {SuiteId}", suiteId);
        }
    }

    private async Task CountUnknownCorpAsync(string corpId)
    {
        try
        {
            if (!await corps.IsKnownAsync(corpId, CancellationToken.None))
            {
                metrics.UnknownCorp();
                logger.LogInformation("Data callback for corp {CorpId} with no stored authorization (create_auth may be in flight)", corpId);
            }
        }
        catch (StoreUnavailableException)
        {
            // Only a counter depends on it.
        }
    }

    /// <summary>For refusals the endpoint decides before the body is read (size limit, a body that never arrived in full).</summary>
    public CallbackOutcome RejectBeforeReading(string suiteId, CallbackUrl url, CallbackRejectedException rejection) =>
        Reject(suiteId, url, rejection);

    private CallbackOutcome Reject(string suiteId, CallbackUrl url, CallbackRejectedException rejection)
    {
        metrics.Rejected(suites.Find(suiteId) is null ? ReceiverMetrics.UnknownSuite : suiteId, url, rejection.Reason);
        Activity.Current?.SetTag("wecomgw.rejection", rejection.Reason.Label());
        logger.LogWarning("Refused a callback for suite {SuiteId} on the {Url} URL: {Reason}", suiteId, url.Label(), rejection.Message);
        return CallbackOutcome.Rejected(rejection);
    }

    /// <summary>
    /// Debug, not Information: one line per accepted callback is the hot path (thousands a second in a burst); the
    /// <c>wecomgw.callbacks</c> metrics count them, and refusals, duplicates and fallbacks still log at Information or above.
    /// </summary>
    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted {Kind} as {EventType} via {Path}")]
    private partial void LogAccepted(string kind, string eventType, string path);
}
