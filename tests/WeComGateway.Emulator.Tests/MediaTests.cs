using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.Tests;

/// <summary>media/upload and media/upload_attachment: WeCom's limits and errcodes, three-day media ids, 40007 when stale.</summary>
public sealed class MediaTests
{
    internal static async Task<JsonObject> UploadAsync(EmulatorApp app, string query, string fileName, int bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(new byte[bytes]);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "media", fileName);
        using var response = await app.Client.PostAsync(query, form);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static object Welcome(string code, string mediaId) => new
    {
        welcome_code = code,
        attachments = new object[] { new { msgtype = "image", image = new { media_id = mediaId } } },
    };

    [Fact]
    public async Task An_image_uploads_and_its_media_id_works_in_a_welcome_until_three_days_have_passed()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();

        var upload = await UploadAsync(app, $"/cgi-bin/media/upload?access_token={token}&type=image", "poster.png", 2048);

        Assert.Equal(0, upload.Errcode());
        Assert.Equal("image", (string)upload["type"]!);
        Assert.Equal(app.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), (string)upload["created_at"]!); // a string, as WeCom answers
        var mediaId = (string)upload["media_id"]!;
        Assert.Equal(0, (await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", Welcome("code-1", mediaId))).Errcode());

        app.Time.Advance(TimeSpan.FromDays(3));
        token = (string)(await app.PostAsync("/emulator/tokens", new { corpid = "wwcorp1" }))["access_token"]!;
        Assert.Equal(40007, (await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", Welcome("code-2", mediaId))).Errcode());
    }

    [Fact]
    public async Task A_media_id_expired_through_steering_answers_40007_and_one_of_another_corp_too()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        var mediaId = (string)(await UploadAsync(app, $"/cgi-bin/media/upload?access_token={token}&type=file", "price-list.pdf", 100))["media_id"]!;
        var other = await app.CorpTokenAsync("wwcorp2");

        Assert.Equal(40007, (await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={other}", Welcome("code-0", mediaId))).Errcode());

        using var expired = await app.Client.PostAsJsonAsync("/emulator/media/expire", new { corpid = "wwcorp1", media_id = mediaId });
        Assert.True(expired.IsSuccessStatusCode);
        Assert.Equal(40007, (await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", Welcome("code-1", mediaId))).Errcode());
        Assert.Equal(0, (await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", Welcome("code-2", "MEDIA_FROM_THE_CONSOLE"))).Errcode()); // never issued here: taken as given
    }

    [Theory]
    [InlineData("type=gif", "a.gif", 100, 40005)]
    [InlineData("type=image", "a.gif", 100, 40005)]
    [InlineData("type=image", "a.png", 5, 40009)]
    [InlineData("type=image", "a.png", 10 * 1024 * 1024 + 1, 40009)]
    [InlineData("type=voice", "a.amr", 2 * 1024 * 1024 + 1, 40006)]
    [InlineData("type=video", "a.mp4", 10 * 1024 * 1024 + 1, 40011)]
    [InlineData("type=file", "a.zip", 5, 40006)]
    [InlineData("media_type=file&attachment_type=1", "a.pdf", 100, 40004)]
    [InlineData("media_type=image&attachment_type=3", "a.png", 100, 40058)]
    public async Task Uploads_outside_WeComs_limits_are_refused_with_its_codes(string query, string fileName, int bytes, int errcode)
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        var api = query.StartsWith("media_type", StringComparison.Ordinal) ? "upload_attachment" : "upload";

        Assert.Equal(errcode, (await UploadAsync(app, $"/cgi-bin/media/{api}?access_token={token}&{query}", fileName, bytes)).Errcode());
    }

    [Fact]
    public async Task A_moments_attachment_answers_created_at_as_a_number()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();

        var upload = await UploadAsync(app, $"/cgi-bin/media/upload_attachment?access_token={token}&media_type=video&attachment_type=1", "clip.mp4", 4096);

        Assert.Equal(0, upload.Errcode());
        Assert.Equal(app.Time.GetUtcNow().ToUnixTimeSeconds(), (long)upload["created_at"]!);
        Assert.StartsWith("3emu", (string)upload["media_id"]!, StringComparison.Ordinal);
    }
}
