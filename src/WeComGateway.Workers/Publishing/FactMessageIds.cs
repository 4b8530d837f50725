using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Workers.Publishing;

/// <summary>
/// Message ids fixed by the fact a message reports (SHA-256 of its parts, first 16 bytes): the workers publish at
/// least once — again after a redelivery or a crash between the store and the publish — and every copy of one fact
/// carries the same id, so subscribers (and MassTransit's inbox) keep one.
/// </summary>
internal static class FactMessageIds
{
    public static Guid Of(params string[] parts) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))).AsSpan(0, 16));
}
