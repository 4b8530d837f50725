using System.Text;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Authorizations;

/// <summary>Every key of one corp lives under <c>wecomgw:corp:{corpId}:</c>; this is how to find them all.</summary>
public static class CorpKeys
{
    /// <summary>A SCAN pattern for all keys of <paramref name="corpId"/>, glob characters in the id escaped.</summary>
    public static RedisValue Pattern(string corpId) => $"{RedisKeys.Prefix}corp:{EscapeGlob(Validate(corpId))}:*";

    /// <summary>Corp ids are WeCom's opaque ids; one with a ':' could reach into another corp's keys.</summary>
    public static string Validate(string corpId)
    {
        if (string.IsNullOrWhiteSpace(corpId) || corpId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A corp id must be non-empty and contain no ':'.", nameof(corpId));
        }

        return corpId;
    }

    public static string EscapeGlob(string value)
    {
        var escaped = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '*' or '?' or '[' or ']' or '\\' or '^' or '-')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
