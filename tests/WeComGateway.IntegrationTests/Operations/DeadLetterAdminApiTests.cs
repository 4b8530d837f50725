using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WeComGateway.IntegrationTests.EndToEnd;

namespace WeComGateway.IntegrationTests.Operations;

/// <summary>The worker host's <c>/admin/dlq</c> endpoints and the admin OpenAPI document, on the real RabbitMQ.</summary>
[Collection(RealServicesCollection.Name)]
public sealed class DeadLetterAdminApiTests
{
    private const string Key = "dlq-admin-key-0123456789abcdef0123456789";
    private const string OtherKey = "dlq-other-key-0123456789abcdef0123456789";

    [Fact]
    public async Task The_DLQ_list_refuses_a_missing_or_wrong_key_and_shows_the_error_queues_with_a_right_one()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        var ids = await endpoint.FailAsync(new SyntheticEndpoint.Fault("wwcorpA", "A-1"));
        await using var workers = new WorkerApplication(OnRabbitMq(("Admin:ApiKeys:0", OtherKey), ("Admin:ApiKeys:1", Key)));
        using var client = workers.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/dlq")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, HttpMethod.Get, "/admin/dlq", "not-the-key-0123456789abcdef0123456789")).StatusCode);

        using var listed = await Send(client, HttpMethod.Get, "/admin/dlq?messages=5", Key);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var queues = await listed.Content.ReadFromJsonAsync<JsonElement>();
        var queue = Assert.Single(queues.EnumerateArray(), q => q.GetProperty("name").GetString() == endpoint.ErrorQueue);
        Assert.Equal(1, queue.GetProperty("depth").GetInt64());
        var message = Assert.Single(queue.GetProperty("messages").EnumerateArray());
        Assert.Equal(ids[0], message.GetProperty("messageId").GetString());
        Assert.Equal(40068, message.GetProperty("reason").GetProperty("errCode").GetInt32());

        using var shown = await Send(client, HttpMethod.Get, $"/admin/dlq/{endpoint.ErrorQueue}/messages/{ids[0]}", Key);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("A-1", (await shown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(client, HttpMethod.Get, $"/admin/dlq/{endpoint.ErrorQueue}/messages/{Guid.NewGuid()}", Key)).StatusCode);

        var log = workers.LogText();
        Assert.Contains("DLQ list by admin-api:key#1", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_needs_the_queue_name_as_confirmation_and_replay_refuses_a_live_queue()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        await endpoint.FailAsync(new("wwcorpA", "A-1"), new("wwcorpB", "B-1"));
        await using var workers = new WorkerApplication(OnRabbitMq(("Admin:ApiKeys:0", Key)));
        using var client = workers.CreateClient();

        using var unconfirmed = await Send(client, HttpMethod.Post, $"/admin/dlq/{endpoint.ErrorQueue}/purge", Key, new { confirm = endpoint.Queue });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal("confirmation_required", await Title(unconfirmed));
        Assert.Equal(2, await endpoint.DepthAsync(endpoint.ErrorQueue));

        using var live = await Send(client, HttpMethod.Post, $"/admin/dlq/{endpoint.Queue}/replay", Key, new { all = true });
        Assert.Equal(HttpStatusCode.BadRequest, live.StatusCode);
        Assert.Equal("not_a_dead_letter_queue", await Title(live));

        using var noFilter = await Send(client, HttpMethod.Post, $"/admin/dlq/{endpoint.ErrorQueue}/replay", Key, new { });
        Assert.Equal("invalid_filter", await Title(noFilter));

        using var replayed = await Send(client, HttpMethod.Post, $"/admin/dlq/{endpoint.ErrorQueue}/replay", Key, new { corpId = "wwcorpB" });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(1, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt64());

        using var purged = await Send(client, HttpMethod.Post, $"/admin/dlq/{endpoint.ErrorQueue}/purge", Key, new { confirm = endpoint.ErrorQueue });
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await purged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("purged").GetInt64());
        Assert.Equal(0, await endpoint.DepthAsync(endpoint.ErrorQueue));
        Assert.Contains($"DLQ purge by admin-api:key#0: 1 messages deleted from {endpoint.ErrorQueue}", workers.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_RabbitMQ_the_DLQ_endpoints_answer_501()
    {
        await using var workers = new WorkerApplication([new("Admin:ApiKeys:0", Key)]);
        using var client = workers.CreateClient();

        using var listed = await Send(client, HttpMethod.Get, "/admin/dlq", Key);
        using var purged = await Send(client, HttpMethod.Post, "/admin/dlq/orders_error/purge", Key, new { confirm = "orders_error" });

        Assert.Equal(HttpStatusCode.NotImplemented, listed.StatusCode);
        Assert.Equal("dead_letter_queues_unavailable", await Title(listed));
        Assert.Equal(HttpStatusCode.NotImplemented, purged.StatusCode);
    }

    [Fact]
    public async Task The_admin_OpenAPI_document_is_behind_the_key_and_holds_only_admin_routes()
    {
        await using var workers = new WorkerApplication([new("Admin:ApiKeys:0", Key)]);
        using var client = workers.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/openapi.json")).StatusCode);
        using var response = await Send(client, HttpMethod.Get, "/admin/openapi.json", Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/admin/dlq", paths);
        Assert.Contains("/admin/dlq/{queue}/replay", paths);
        Assert.Contains("/admin/dlq/{queue}/purge", paths);
        Assert.Contains("/admin/corps/{corpId}/rules", paths);
        Assert.All(paths, p => Assert.StartsWith("/admin/", p, StringComparison.Ordinal));
        Assert.DoesNotContain("/admin/openapi.json", paths);
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
    }

    private static IEnumerable<KeyValuePair<string, string?>> OnRabbitMq(params (string Key, string? Value)[] settings) =>
        settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
            .Append(new("ConnectionStrings:RabbitMq", RealServices.RabbitMq))
            .Append(new("ConnectionStrings:Redis", RealServices.Redis));

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string?> Title(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString();
}
