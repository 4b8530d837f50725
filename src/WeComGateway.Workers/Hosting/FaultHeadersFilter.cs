using MassTransit;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// In the error pipe, before MassTransit moves the message to <c>_error</c>: adds why (permanent or retries
/// exhausted), WeCom's errcode and API, the corp and the attempt count to the headers the error queue keeps.
/// </summary>
public sealed class FaultHeadersFilter : IFilter<ExceptionReceiveContext>
{
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var headers = context.ExceptionHeaders;
        var exception = FailureClassifier.Unwrap(context.Exception);
        headers.Set(FaultHeaders.Reason, FailureClassifier.IsPermanent(exception) ? FaultHeaders.PermanentReason : FaultHeaders.RetriesExhaustedReason);
        if (exception is WeComApiException weCom)
        {
            headers.Set(FaultHeaders.ErrCode, weCom.ErrCode);
            headers.Set(FaultHeaders.Api, weCom.Api);
        }

        if (FailureFacts.CorpId(context, exception) is { } corpId)
        {
            headers.Set(FaultHeaders.CorpId, corpId);
        }

        headers.Set(FaultHeaders.Attempts, FailureFacts.TotalAttempts(context));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("wecomgwFaultHeaders");
}
