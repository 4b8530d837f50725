using Microsoft.Extensions.DependencyInjection;
using Refit;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Media;
using WeComGateway.WeComApi.Tests.Support;
using static WeComGateway.WeComApi.Tests.Support.ClientUnderTest;

namespace WeComGateway.WeComApi.Tests;

/// <summary>media/upload and media/upload_attachment through the client: multipart, the token handler, errcodes.</summary>
public class MediaUploadTests
{
    private static ByteArrayPart Png(int bytes = 2048) => new(new byte[bytes], "poster.png", "image/png");

    [Fact]
    public async Task An_image_uploads_as_multipart_and_created_at_given_as_a_string_is_read()
    {
        await using var wecom = await OverEmulatorAsync();
        var media = wecom.Services.GetRequiredService<IWeComMediaApi>();

        var uploaded = await media.UploadAsync(MediaTypes.Image, Png(), TokenOf(CorpA));

        Assert.StartsWith("3emu", uploaded.MediaId, StringComparison.Ordinal);
        Assert.Equal(MediaTypes.Image, uploaded.Type);
        Assert.True(uploaded.CreatedAt > 0);
    }

    [Fact]
    public async Task A_moments_attachment_uploads_and_a_file_there_is_refused_with_40004()
    {
        await using var wecom = await OverEmulatorAsync();
        var media = wecom.Services.GetRequiredService<IWeComMediaApi>();

        var video = await media.UploadAttachmentAsync(MediaTypes.Video, AttachmentTypes.Moments, new ByteArrayPart(new byte[4096], "clip.mp4", "video/mp4"), TokenOf(CorpA));
        var refused = await Assert.ThrowsAnyAsync<WeComApiException>(() =>
            media.UploadAttachmentAsync(MediaTypes.File, AttachmentTypes.Moments, new ByteArrayPart(new byte[100], "a.pdf", "application/pdf"), TokenOf(CorpA)));

        Assert.True(video.CreatedAt > 0);
        Assert.Equal(MediaErrCodes.InvalidMediaFileType, refused.ErrCode);
        Assert.Equal("media/upload_attachment", refused.Api);
    }

    [Fact]
    public async Task An_oversized_image_is_a_permanent_40009()
    {
        await using var wecom = await OverEmulatorAsync();
        var media = wecom.Services.GetRequiredService<IWeComMediaApi>();

        var refused = await Assert.ThrowsAsync<PermanentWeComApiException>(() => media.UploadAsync(MediaTypes.Image, Png(10 * 1024 * 1024 + 1), TokenOf(CorpA)));

        Assert.Equal(MediaErrCodes.InvalidImageSize, refused.ErrCode);
        Assert.Equal(1, await wecom.Emulator.CountAsync("media/upload"));
    }
}
