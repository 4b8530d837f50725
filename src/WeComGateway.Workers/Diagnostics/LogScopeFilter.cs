using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;
using WeComGateway.Hosting;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>
/// Every consumer's log lines carry the callback they work on: a scope with <c>CorpId</c>, <c>DedupeKey</c> and
/// <c>SuiteId</c> from the receiver's headers (<see cref="GatewayHeaders"/>), or from the event itself when a publisher
/// set none; the same go on the consume span.
/// </summary>
internal sealed class LogScopeFilter<T>(ILogger<LogScopeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var callback = context.Message as WeComCallbackEvent;
        var suiteId = context.Headers.Get<string>(GatewayHeaders.SuiteId) ?? callback?.SuiteId;
        var corpId = context.Headers.Get<string>(GatewayHeaders.CorpId) ?? callback?.CorpId;
        var dedupeKey = context.Headers.Get<string>(GatewayHeaders.DedupeKey) ?? callback?.DedupeKey;
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
