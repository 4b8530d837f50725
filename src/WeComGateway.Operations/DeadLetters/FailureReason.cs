using System.Globalization;
using WeComGateway.Contracts;
using MessageHeaders = MassTransit.MessageHeaders;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>Why a message is dead-lettered, as its headers tell it.</summary>
/// <param name="Kind"><c>MT-Reason</c>: <c>fault</c> (a consumer threw) or <c>skip</c> (no consumer for the type).</param>
/// <param name="ExceptionType"><c>MT-Fault-ExceptionType</c>: the exception's full type name.</param>
/// <param name="Message"><c>MT-Fault-Message</c>: the exception's message.</param>
/// <param name="ErrCode"><c>wecomgw-fault-errcode</c>: the WeCom errcode, when a WeCom call failed.</param>
/// <param name="Classification"><c>wecomgw-fault-reason</c>: <c>permanent</c> or <c>retries_exhausted</c>.</param>
/// <param name="Api"><c>wecomgw-fault-api</c>: the WeCom API that answered <paramref name="ErrCode"/>.</param>
public sealed record FailureReason(string? Kind, string? ExceptionType, string? Message, int? ErrCode, string? Classification, string? Api = null)
{
    public static FailureReason From(IDictionary<string, object?>? headers) => new(
        HeaderValues.Text(headers, MessageHeaders.Reason),
        HeaderValues.Text(headers, MessageHeaders.FaultExceptionType),
        HeaderValues.Text(headers, MessageHeaders.FaultMessage),
        HeaderValues.Number(headers, GatewayHeaders.FaultErrCode) is { } code and >= int.MinValue and <= int.MaxValue ? (int)code : null,
        HeaderValues.Text(headers, GatewayHeaders.FaultReason),
        HeaderValues.Text(headers, GatewayHeaders.FaultApi));

    /// <summary>One line: <c>fault (permanent, errcode 40068): WeComApiException: …</c>.</summary>
    public string Summary
    {
        get
        {
            var qualifiers = new List<string>(2);
            if (Classification is { Length: > 0 })
            {
                qualifiers.Add(Classification);
            }

            if (ErrCode is { } code)
            {
                qualifiers.Add("errcode " + code.ToString(CultureInfo.InvariantCulture) + (Api is { Length: > 0 } ? " from " + Api : string.Empty));
            }

            var head = (Kind ?? "unknown") + (qualifiers.Count > 0 ? $" ({string.Join(", ", qualifiers)})" : string.Empty);
            var exception = ShortTypeName(ExceptionType);
            var detail = (exception, Message) switch
            {
                (null, null) => null,
                (null, var message) => message,
                (var type, null) => type,
                var (type, message) => $"{type}: {message}",
            };
            return detail is null ? head : $"{head}: {detail}";
        }
    }

    /// <summary>Whether any part of the reason contains <paramref name="text"/> (case-insensitive).</summary>
    public bool Contains(string text) =>
        new[] { Kind, ExceptionType, Message, Classification, Api, ErrCode?.ToString(CultureInfo.InvariantCulture) }
            .Any(part => part?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);

    private static string? ShortTypeName(string? fullName) =>
        fullName is null ? null : fullName[(fullName.LastIndexOf('.') + 1)..];
}
