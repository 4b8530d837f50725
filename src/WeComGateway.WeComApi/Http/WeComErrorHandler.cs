using System.Net;
using System.Text.Json;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.WeComApi.Http;

/// <summary>
/// Innermost handler: turns WeCom's "HTTP 200 with <c>errcode != 0</c>" and HTTP 5xx into a typed
/// <see cref="WeComApiException"/>. The body is buffered and peeked, so Refit still reads it on success. Exceptions
/// name the API and the corp, never the URI (it holds the token) or the request body.
/// </summary>
public sealed class WeComErrorHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Token-free calls (get_suite_token, …) skip the token handler; retries must be able to resend them too.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        var corpId = request.GetCallerKey()?.CorpId;

        if ((int)response.StatusCode >= 500)
        {
            response.Dispose();
            throw WeComApiException.FromHttpStatus(response.StatusCode, request.GetApiName(), corpId);
        }

        if (response.StatusCode != HttpStatusCode.OK || !LooksLikeJson(response.Content))
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!TryPeekError(body, out var errCode, out var errMsg) || errCode == 0)
        {
            return response;
        }

        response.Dispose();
        throw WeComApiException.FromErrCode(errCode, Redact(errMsg, request), request.GetApiName(), corpId);
    }

    private static bool LooksLikeJson(HttpContent content)
    {
        var mediaType = content.Headers.ContentType?.MediaType;
        // WeCom answers application/json, some endpoints text/plain; a body that is not JSON is left to Refit.
        return mediaType is null
            || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads the top-level <c>errcode</c> and <c>errmsg</c>; false when the body is not a JSON object.</summary>
    internal static bool TryPeekError(ReadOnlySpan<byte> json, out int errCode, out string? errMsg)
    {
        errCode = 0;
        errMsg = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCode = reader.ValueTextEquals("errcode"u8);
                var isMsg = !isCode && reader.ValueTextEquals("errmsg"u8);
                reader.Read();
                if (isCode && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code))
                {
                    errCode = code;
                }
                else if (isMsg && reader.TokenType == JsonTokenType.String)
                {
                    errMsg = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>WeCom does not echo tokens in errmsg today; make sure it never reaches an exception if it starts to.</summary>
    private static string? Redact(string? errMsg, HttpRequestMessage request)
    {
        if (errMsg is null || request.GetTokenKey() is not { } key)
        {
            return errMsg;
        }

        var token = WeComRequest.GetQueryParameter(request.RequestUri, key.Kind.QueryName());
        return string.IsNullOrEmpty(token) ? errMsg : errMsg.Replace(token, "***", StringComparison.Ordinal);
    }
}
