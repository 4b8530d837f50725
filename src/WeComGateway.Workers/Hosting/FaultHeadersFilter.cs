using MassTransit;
using WeComGateway.Contracts;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// In the error pipe, before MassTransit moves the message to <c>_error</c>: adds why (permanent or retries
/// exhausted), WeCom's errcode and API, the corp and the attempt count to the headers the error queue keeps.
/// </summary>
internal sealed class FaultHeadersFilter : IFilter<ExceptionReceiveContext>
{
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var headers = context.ExceptionHeaders;
        var exception = FailureClassifier.Unwrap(context.Exception);
        headers.Set(GatewayHeaders.FaultReason, FailureClassifier.IsPermanent(exception) ? FaultReasons.Permanent : FaultReasons.RetriesExhausted);
        if (exception is WeComApiException weCom)
        {
            headers.Set(GatewayHeaders.FaultErrCode, weCom.ErrCode);
            headers.Set(GatewayHeaders.FaultApi, weCom.Api);
        }

        if (FailureFacts.CorpId(context, exception) is { } corpId)
        {
            headers.Set(GatewayHeaders.FaultCorpId, corpId);
        }

        headers.Set(GatewayHeaders.FaultAttempts, FailureFacts.TotalAttempts(context));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("wecomgwFaultHeaders");
}
