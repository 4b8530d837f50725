using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Callbacks;
using WeComGateway.Receiver.Diagnostics;

namespace WeComGateway.Receiver.Callbacks;

/// <summary><c>GET|POST /wecom/suites/{suiteId}/command</c> and <c>…/data</c>.</summary>
public static class CallbackEndpoints
{
    public static RouteGroupBuilder MapWeComCallbacks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/wecom/suites/{suiteId:length(1,64)}").WithTags("WeCom callbacks");
        group.MapGet("/command", (string suiteId, HttpRequest request, CallbackReceiver receiver) => Verify(suiteId, CallbackUrl.Command, request, receiver));
        group.MapGet("/data", (string suiteId, HttpRequest request, CallbackReceiver receiver) => Verify(suiteId, CallbackUrl.Data, request, receiver));
        group.MapPost("/command", (string suiteId, HttpRequest request, CallbackReceiver receiver, ReceiverMetrics metrics) => ReceiveAsync(suiteId, CallbackUrl.Command, request, receiver, metrics));
        group.MapPost("/data", (string suiteId, HttpRequest request, CallbackReceiver receiver, ReceiverMetrics metrics) => ReceiveAsync(suiteId, CallbackUrl.Data, request, receiver, metrics));
        // Any other method: a labelled, counted 405 instead of routing's bare one. Order 1 so GET and POST win.
        group.Map("/command", (string suiteId, HttpResponse response, CallbackReceiver receiver) => WrongMethod(suiteId, CallbackUrl.Command, response, receiver)).WithOrder(1);
        group.Map("/data", (string suiteId, HttpResponse response, CallbackReceiver receiver) => WrongMethod(suiteId, CallbackUrl.Data, response, receiver)).WithOrder(1);
        return group;
    }

    private static ProblemHttpResult WrongMethod(string suiteId, CallbackUrl url, HttpResponse response, CallbackReceiver receiver)
    {
        response.Headers.Allow = "GET, POST";
        return Problem(receiver.RejectBeforeReading(
            suiteId, url, new CallbackRejectedException(CallbackRejection.MethodNotAllowed, "only GET (URL verification) and POST (callbacks) are answered")));
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Verify(string suiteId, CallbackUrl url, HttpRequest request, CallbackReceiver receiver)
    {
        var outcome = receiver.VerifyUrl(suiteId, url, Query(request));
        // The body must be the bare echostr: text/plain, no BOM, no quotes, no newline.
        return outcome.Reply is { } reply ? TypedResults.Text(reply, "text/plain; charset=utf-8") : Problem(outcome);
    }

    private static async Task<Results<ContentHttpResult, Ok, ProblemHttpResult>> ReceiveAsync(
        string suiteId, CallbackUrl url, HttpRequest request, CallbackReceiver receiver, ReceiverMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await ReceiveBodyAsync(suiteId, url, request, receiver);
        metrics.Duration(Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome.Kind.ToString());
        return outcome.Kind switch
        {
            OutcomeKind.Accepted or OutcomeKind.Duplicate when url == CallbackUrl.Command => TypedResults.Text("success", "text/plain; charset=utf-8"),
            OutcomeKind.Accepted or OutcomeKind.Duplicate => TypedResults.Ok(),
            _ => Problem(outcome),
        };
    }

    private static async Task<CallbackOutcome> ReceiveBodyAsync(string suiteId, CallbackUrl url, HttpRequest request, CallbackReceiver receiver)
    {
        if (request.ContentLength > CallbackEnvelope.MaxBodyBytes)
        {
            return receiver.RejectBeforeReading(suiteId, url, TooLarge());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CallbackEnvelope.MaxBodyBytes + 1);
        try
        {
            var length = 0;
            try
            {
                int read;
                while (length <= CallbackEnvelope.MaxBodyBytes
                       && (read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), request.HttpContext.RequestAborted)) > 0)
                {
                    length += read;
                }
            }
            catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
            {
                // Slower than Kestrel's MinRequestBodyDataRate, shorter than its Content-Length, or the connection went:
                // the sender's doing, so a labelled refusal and a warning, not an unhandled error with a stack trace.
                return receiver.RejectBeforeReading(suiteId, url, new CallbackRejectedException(CallbackRejection.IncompleteBody, "the body did not arrive in full"));
            }

            if (length > CallbackEnvelope.MaxBodyBytes)
            {
                return receiver.RejectBeforeReading(suiteId, url, TooLarge());
            }

            return await receiver.ReceiveAsync(suiteId, url, Query(request), buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CallbackRejectedException TooLarge() =>
        new(CallbackRejection.BodyTooLarge, $"body exceeds {CallbackEnvelope.MaxBodyBytes} bytes");

    private static CallbackQuery Query(HttpRequest request) => new(
        request.Query["msg_signature"].FirstOrDefault(),
        request.Query["timestamp"].FirstOrDefault(),
        request.Query["nonce"].FirstOrDefault(),
        request.Query["echostr"].FirstOrDefault());

    private static ProblemHttpResult Problem(CallbackOutcome outcome)
    {
        if (outcome.Kind == OutcomeKind.Unavailable)
        {
            return TypedResults.Problem(outcome.Detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "unavailable");
        }

        var reason = outcome.Reason ?? CallbackRejection.MalformedEnvelope;
        return TypedResults.Problem(outcome.Detail, statusCode: StatusCode(reason), title: reason.Label());
    }

    private static int StatusCode(CallbackRejection reason) => reason switch
    {
        CallbackRejection.UnknownSuite => StatusCodes.Status404NotFound,
        CallbackRejection.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        CallbackRejection.IncompleteBody => StatusCodes.Status408RequestTimeout,
        CallbackRejection.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        CallbackRejection.BadSignature or CallbackRejection.TimestampOutOfWindow => StatusCodes.Status401Unauthorized,
        CallbackRejection.WrongReceiveId => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };
}
