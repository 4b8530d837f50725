using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace WeComGateway.Admin;

/// <summary>
/// Admin requests carry one of <c>Admin:ApiKeys</c> in <c>X-Api-Key</c>; compared in constant time against every
/// configured key (so neither the match nor its position leaks through timing). Anything else is 401.
/// </summary>
public sealed partial class ApiKeyFilter(IOptionsMonitor<AdminOptions> options, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>Shorter keys are ignored: they are guessable.</summary>
    public const int MinimumKeyLength = 32;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!IsAccepted(http.Request.Headers[HeaderName].ToString()))
        {
            LogRefused(http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString());
            return TypedResults.Problem(title: "unauthorized", detail: $"Send a valid admin API key in the {HeaderName} header.", statusCode: StatusCodes.Status401Unauthorized);
        }

        LogAccepted(http.Request.Method, http.Request.Path);
        return await next(context);
    }

    private bool IsAccepted(string presented)
    {
        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var accepted = false;
        foreach (var key in options.CurrentValue.ApiKeys)
        {
            if (key.Length >= MinimumKeyLength)
            {
                accepted |= CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key));
            }
        }

        return accepted && presented.Length > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin {Method} {Path} refused: missing or wrong API key (from {RemoteIp})")]
    private partial void LogRefused(string method, string path, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {Method} {Path} accepted (audit)")]
    private partial void LogAccepted(string method, string path);
}
