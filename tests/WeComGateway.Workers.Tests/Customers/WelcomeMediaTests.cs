using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Media;
using WeComGateway.Workers.Tests.Customers.Support;
using WeComGateway.Workers.Tests.Media;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

/// <summary>Welcome attachments by path: uploaded once, reused, and uploaded again when WeCom no longer takes the id.</summary>
public sealed class WelcomeMediaTests : IDisposable
{
    private const string PosterWelcome = """
        {
          "name": "poster welcome",
          "welcomeTemplates": [
            { "id": "default", "text": "您好{customer_name|}，欢迎光临水果铺！", "attachments": [ { "type": "image", "path": "banners/welcome.png" } ] }
          ],
          "defaultWelcome": "default",
          "rules": []
        }
        """;

    private readonly MediaFolder _media = new();

    [Fact]
    public async Task An_expired_media_id_is_reuploaded_once_and_the_welcome_sent()
    {
        _media.Write("banners/welcome.png", 2048);
        await using var worker = await AutomationHarness.StartAsync((services, _) => services.Configure<MediaOptions>(o => o.Root = _media.Root));
        await worker.UseRuleSetAsync(PosterWelcome);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, "wmMediaCustomer01", worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));
        var first = ImageOf(Assert.Single(await worker.WeCom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome)));

        await worker.WeCom.ExpireMediaAsync(worker.CorpId, first); // WeCom forgets it; the gateway's cache still holds it
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, "wmMediaCustomer02", worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));

        var sends = await worker.WeCom.CallsAsync(WeComApis.SendWelcome);
        Assert.Equal([0, 40007, 0], sends.Select(c => c.Errcode));
        var resent = ImageOf(sends[2].Body<SendWelcomeMessageRequest>());
        Assert.Equal(first, ImageOf(sends[1].Body<SendWelcomeMessageRequest>()));
        Assert.NotEqual(first, resent);
        Assert.StartsWith("3emu", resent, StringComparison.Ordinal);
        Assert.Equal(2, await worker.WeCom.CountAsync(WeComApis.MediaUpload));
        Assert.Equal(2, worker.Published<WelcomeMessageSent>().Count);
        Assert.Empty(worker.Published<WelcomeMessageExpired>());
    }

    [Fact]
    public async Task A_picture_by_path_is_uploaded_once_for_every_welcome_that_shows_it()
    {
        _media.Write("banners/welcome.png", 2048);
        await using var worker = await AutomationHarness.StartAsync((services, _) => services.Configure<MediaOptions>(o => o.Root = _media.Root));
        await worker.UseRuleSetAsync(PosterWelcome);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, $"wmMediaCustomer1{i}", worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));
        }

        var images = (await worker.WeCom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome)).Select(ImageOf).ToList();
        Assert.Equal(3, images.Count);
        Assert.Single(images.Distinct());
        var upload = Assert.Single(await worker.WeCom.CallsAsync(WeComApis.MediaUpload));
        Assert.Equal("image", upload.Query["type"]);
        Assert.Equal("welcome.png", upload.Json()["filename"]?.ToString());
    }

    public void Dispose() => _media.Dispose();

    private static string ImageOf(SendWelcomeMessageRequest request) =>
        Assert.Single(request.Attachments!).Image!.MediaId!;
}
