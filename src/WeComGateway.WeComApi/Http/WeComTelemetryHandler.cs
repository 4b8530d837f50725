using System.Diagnostics;
using System.Net;
using WeComGateway.WeComApi.Diagnostics;

namespace WeComGateway.WeComApi.Http;

/// <summary>
/// Outermost handler: one <c>wecomgw.wecom_api.calls</c> and <c>wecomgw.wecom_api.duration</c> measurement and one
/// span per call as the caller sees it (after the retries, token resend and errcode translation below it). The span
/// carries the corp and the errcode; the HTTP attempts are its children.
/// </summary>
public sealed class WeComTelemetryHandler(WeComApiMetrics metrics, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var api = request.GetApiName();
        var suite = WeComApiMetrics.SuiteLabel(request.GetCallerKey());
        using var activity = WeComApiMetrics.ActivitySource.StartActivity("WeCom " + api);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("wecom.api", api);
            var key = request.GetCallerKey();
            activity.SetTag(WeComApiMetrics.SuiteIdTag, key?.SuiteId);
            activity.SetTag(WeComApiMetrics.CorpIdTag, key?.CorpId);
        }

        var started = time.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var (errCode, outcome) = response.StatusCode == HttpStatusCode.OK ? (0, "ok") : (Errors.WeComErrorCodes.HttpFailure, "http_error");
            Record(activity, api, suite, errCode, outcome, started);
            return response;
        }
        catch (Exception ex)
        {
            var outcome = WeComApiMetrics.OutcomeOf(ex, cancellationToken.IsCancellationRequested);
            Record(activity, api, suite, WeComApiMetrics.ErrCodeOf(ex), outcome, started);
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
    }

    private void Record(Activity? activity, string api, string suite, int errCode, string outcome, long started)
    {
        metrics.Call(api, errCode, outcome, time.GetElapsedTime(started), suite);
        activity?.SetTag("wecom.errcode", errCode);
        activity?.SetTag("wecomgw.outcome", outcome);
    }
}
