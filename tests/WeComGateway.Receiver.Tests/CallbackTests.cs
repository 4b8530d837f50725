using System.Net;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.Storage.Tickets;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

public sealed class CallbackTests
{
    [Fact]
    public async Task Customer_added_through_a_channel_code_is_published_with_its_State_and_answered_success()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, "woCustomer1", state: "poster-2026")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var published = Assert.Single(harness.Published.Select<ExternalContactAdded>()).Context;
        Assert.Equal("woCustomer1", published.Message.ExternalUserId);
        Assert.Equal("poster-2026", published.Message.State);
        Assert.Equal(suite.CorpId, published.Message.CorpId);
        Assert.Equal(suite.SuiteId, published.Message.SuiteId);
        Assert.Equal(published.Message.DedupeKey, published.Headers.Get<string>("wecomgw-dedupe-key"));
        Assert.Equal(suite.CorpId, published.Headers.Get<string>("wecomgw-corp-id"));
    }

    [Fact]
    public async Task Self_built_event_shape_on_the_data_url_is_published_and_answered_with_an_empty_200()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();

        var response = await app.PostAsync(SignedCallback.Post(suite, "data", EventXml.ContactAddedEventShape(suite, "woCustomer2")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("woCustomer2", Assert.Single(harness.Published.Select<ExternalContactAdded>()).Context.Message.ExternalUserId);
    }

    [Fact]
    public async Task Third_party_shape_on_the_data_url_and_event_shape_on_the_command_url_are_both_accepted()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();

        var onData = await app.PostAsync(SignedCallback.Post(suite, "data", EventXml.ContactAdded(suite)));
        var onCommand = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAddedEventShape(suite)));

        Assert.Equal(HttpStatusCode.OK, onData.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onCommand.StatusCode);
        Assert.Equal(2, harness.Published.Select<ExternalContactAdded>().Count());
    }

    [Fact]
    public async Task WeCom_retrying_the_same_callback_four_times_is_answered_success_and_published_once()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();
        var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite));

        for (var delivery = 0; delivery < 4; delivery++)
        {
            var response = await app.PostAsync(callback);
            Assert.Equal("success", await response.Content.ReadAsStringAsync());
        }

        Assert.Single(harness.Published.Select<ExternalContactAdded>());
    }

    [Fact]
    public async Task A_retry_signed_anew_with_another_timestamp_and_nonce_is_still_a_duplicate()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();
        var plaintext = EventXml.ContactAdded(suite);

        await app.PostAsync(SignedCallback.Post(suite, "command", plaintext, timestamp: DateTimeOffset.UtcNow.AddSeconds(-20)));
        await app.PostAsync(SignedCallback.Post(suite, "command", plaintext));

        Assert.Single(harness.Published.Select<ExternalContactAdded>());
    }

    [Fact]
    public async Task Two_customers_scanning_the_same_code_in_the_same_second_are_two_events()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();
        var second = DateTimeOffset.UtcNow;

        await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, "woFirst", at: second)));
        await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, "woSecond", at: second)));

        Assert.Equal(2, harness.Published.Select<ExternalContactAdded>().Count());
    }

    [Fact]
    public async Task Suite_ticket_is_stored_and_announced_without_the_ticket_on_the_bus()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.SuiteTicket(suite, "ticket-secret-value")));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var stored = await app.Services.GetRequiredService<ISuiteTicketStore>().GetAsync(suite.SuiteId, CancellationToken.None);
        Assert.Equal("ticket-secret-value", stored?.Ticket);
        Assert.Single(harness.Published.Select<SuiteTicketReceived>());
        Assert.DoesNotContain("ticket-secret-value", app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_retry_of_an_older_suite_ticket_does_not_replace_the_newer_one()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);

        await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.SuiteTicket(suite, "newer", DateTimeOffset.UtcNow)));
        await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.SuiteTicket(suite, "older", DateTimeOffset.UtcNow.AddMinutes(-10))));

        var stored = await app.Services.GetRequiredService<ISuiteTicketStore>().GetAsync(suite.SuiteId, CancellationToken.None);
        Assert.Equal("newer", stored?.Ticket);
    }

    [Fact]
    public async Task Create_auth_is_published_for_the_authorization_worker()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();

        await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.CreateAuth(suite, "AUTHCODE-1")));

        Assert.Equal("AUTHCODE-1", Assert.Single(harness.Published.Select<AuthorizationCreated>()).Context.Message.AuthCode);
        Assert.DoesNotContain("AUTHCODE-1", app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_event_kind_is_published_as_unrecognized_with_its_xml_so_nothing_is_lost()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var harness = app.Services.GetTestHarness();
        var xml = $"<xml><SuiteId><![CDATA[{suite.SuiteId}]]></SuiteId><AuthCorpId><![CDATA[{suite.CorpId}]]></AuthCorpId><InfoType><![CDATA[brand_new_event]]></InfoType><TimeStamp>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</TimeStamp><Foo>bar</Foo></xml>";

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", xml));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unrecognized = Assert.Single(harness.Published.Select<UnrecognizedCallbackReceived>()).Context.Message;
        Assert.Equal(xml, unrecognized.Xml);
        Assert.StartsWith("brand_new_event", unrecognized.Kind, StringComparison.Ordinal);
    }
}
