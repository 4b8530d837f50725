using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Admin;

/// <summary>
/// Who an admin request is, for audit lines: <c>admin-api:key#{index}</c>, the position of the configured key it
/// presented (found in constant time like <see cref="ApiKeyFilter"/>). The key itself is never logged.
/// </summary>
public static class AdminActor
{
    public static string Of(HttpContext http, AdminOptions options)
    {
        var presented = Encoding.UTF8.GetBytes(http.Request.Headers[ApiKeyFilter.HeaderName].ToString());
        var index = -1;
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var matches = key.Length >= ApiKeyFilter.MinimumKeyLength && CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(key));
            index = matches && index < 0 ? i : index;
        }

        return "admin-api:key#" + (index < 0 ? "?" : index.ToString(CultureInfo.InvariantCulture));
    }
}
