using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;
using WeComGateway.Hosting;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>
/// Every consumer's log lines carry the callback they work on: a scope with <c>CorpId</c>, <c>DedupeKey</c> and
/// <c>SuiteId</c> from the receiver's headers (<c>wecomgw-corp-id</c>, <c>wecomgw-dedupe-key</c>,
/// <c>wecomgw-suite-id</c>), or from the event itself when a publisher set none; the same go on the consume span.
/// </summary>
public sealed class LogScopeFilter<T>(ILogger<LogScopeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public const string SuiteIdHeader = "wecomgw-suite-id";
    public const string CorpIdHeader = "wecomgw-corp-id";
    public const string DedupeKeyHeader = "wecomgw-dedupe-key";

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var callback = context.Message as WeComCallbackEvent;
        var suiteId = context.Headers.Get<string>(SuiteIdHeader) ?? callback?.SuiteId;
        var corpId = context.Headers.Get<string>(CorpIdHeader) ?? callback?.CorpId;
        var dedupeKey = context.Headers.Get<string>(DedupeKeyHeader) ?? callback?.DedupeKey;
        if (corpId is null && dedupeKey is null && suiteId is null)
        {
            await next.Send(context);
            return;
        }

        Activity.Current.TagCallback(suiteId, corpId, dedupeKey);
        using (logger.BeginScope(new CallbackLogScope(suiteId, corpId, dedupeKey)))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("wecomgwLogScope");
}
