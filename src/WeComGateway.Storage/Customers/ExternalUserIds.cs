using System.Buffers;

namespace WeComGateway.Storage.Customers;

/// <summary>
/// WeCom external user ids are opaque ASCII tokens. They become part of Redis keys, so anything outside
/// <c>[A-Za-z0-9_-]</c> (a ':' or a glob character could reach another customer's or corp's keys) or longer than
/// <see cref="MaxLength"/> is rejected.
/// </summary>
public static class ExternalUserIds
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>Returns <paramref name="externalUserId"/> unchanged, or throws <see cref="ArgumentException"/>.</summary>
    public static string Validate(string externalUserId)
    {
        if (string.IsNullOrEmpty(externalUserId)
            || externalUserId.Length > MaxLength
            || externalUserId.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new ArgumentException(
                $"An external user id must be 1-{MaxLength} characters of [A-Za-z0-9_-].", nameof(externalUserId));
        }

        return externalUserId;
    }
}
