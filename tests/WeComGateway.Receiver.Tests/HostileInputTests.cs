using WeComGateway.Testing;
using WeComGateway.Testing.Hostile;

namespace WeComGateway.Receiver.Tests;

/// <summary>
/// CI's slice of the hostile-input run (deploy/local/hostile.sh): the same generators, a few hundred requests through
/// the in-memory receiver, every one refused with a 4xx, nothing published.
/// </summary>
public sealed class HostileInputTests
{
    [Fact]
    public async Task Every_hostile_request_is_refused_with_a_4xx_and_nothing_is_published()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker();
        await using var app = ReceiverHost.WithBroker(suite, broker);
        using var client = app.CreateClient();
        var requests = new HostileRequests(suite, seed: 14);
        var wrong = new List<string>();

        for (var i = 0; i < 20 * HostileRequests.Categories.Count; i++)
        {
            var hostile = requests.Next(i);
            using var request = hostile.ToRequest();
            using var response = await client.SendAsync(request);
            var (status, reason) = await HostileAnswer.ReadAsync(response);
            if (status is < 400 or >= 500 || reason == "-")
            {
                wrong.Add($"{hostile.Category} {hostile.Method} → {status} {reason}: {Preview(hostile)}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Empty(broker.Published);
    }

    private static string Preview(HostileRequest request) =>
        request.Body is null ? request.PathAndQuery : System.Text.Encoding.UTF8.GetString(request.Body.AsSpan(0, Math.Min(1200, request.Body.Length)));
}
