using Microsoft.Extensions.Time.Testing;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Media;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Errors;
using WeComGateway.Workers.Media;

namespace WeComGateway.Workers.Tests.Media;

/// <summary>Resolving media against the emulator: uploads once, reuses, refreshes before the three days run out, recovers from 40007.</summary>
public sealed class MediaLibraryTests
{
    private static readonly MediaSource Banner = MediaSource.FromPath("image", "banners/welcome.png");

    [Fact]
    public async Task Two_replicas_resolving_the_same_picture_at_once_upload_it_once()
    {
        await using var media = await MediaHarness.StartAsync();
        media.Folder.Write("banners/welcome.png", 4096);
        await media.WeCom.SlowAsync(WeComApis.MediaUpload, TimeSpan.FromMilliseconds(600));

        var ids = await Task.WhenAll(
            media.Library().ResolveAsync(media.Token, Banner, MediaPurpose.Message, default),
            media.Library().ResolveAsync(media.Token, Banner, MediaPurpose.Message, default));

        Assert.Equal(1, await media.WeCom.CountAsync(WeComApis.MediaUpload));
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task A_cached_media_id_is_reused_until_less_than_the_refresh_margin_is_left_then_the_reader_with_the_claim_uploads_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        await using var media = await MediaHarness.StartAsync(clock);
        media.Folder.Write("banners/welcome.png", 4096);
        var library = media.Library();
        var first = await library.ResolveAsync(media.Token, Banner, MediaPurpose.Message, default);

        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1)); // a day and a minute left: still more than the margin
        await media.PushSuiteTicketAsync();
        var beforeMargin = await library.ResolveAsync(media.Token, Banner, MediaPurpose.Message, default);

        clock.Advance(TimeSpan.FromMinutes(2)); // less than a day left
        await media.PushSuiteTicketAsync();
        var field = MediaCacheField.Of("message", "image", "path:banners/welcome.png");
        var claims = (IClaimStore)media.Services.GetService(typeof(IClaimStore))!;
        Assert.Equal(ClaimOutcome.Claimed, await claims.TryClaimAsync(ClaimKey.MediaUpload(media.CorpId, field), "another-replica", TimeSpan.FromMinutes(1), default));
        var whileAnotherRefreshes = await library.ResolveAsync(media.Token, Banner, MediaPurpose.Message, default);
        await claims.ReleaseAsync(ClaimKey.MediaUpload(media.CorpId, field), "another-replica", default);
        var refreshed = await library.ResolveAsync(media.Token, Banner, MediaPurpose.Message, default);

        Assert.Equal([first, first, first], [beforeMargin, whileAnotherRefreshes, first]);
        Assert.NotEqual(first, refreshed);
        Assert.Equal(2, await media.WeCom.CountAsync(WeComApis.MediaUpload));
        Assert.Equal(refreshed, (await media.Cache.GetAsync(media.CorpId, field, default))?.MediaId);
        Assert.Equal(["refresh"], media.Reuploads);
    }

    [Fact]
    public async Task A_changed_file_is_uploaded_again_and_other_purposes_and_types_are_separate_uploads()
    {
        await using var media = await MediaHarness.StartAsync();
        media.Folder.Write("banners/welcome.png", 4096);
        var library = media.Library();
        var first = await library.ResolveAsync(media.Token, Banner, MediaPurpose.Message, default);
        var forMoments = await library.ResolveAsync(media.Token, Banner, MediaPurpose.Moments, default);
        var asFile = await library.ResolveAsync(media.Token, MediaSource.FromPath("file", "banners/welcome.png"), MediaPurpose.Message, default);

        media.Folder.Write("banners/welcome.png", 4096, seed: 7);
        var changed = await library.ResolveAsync(media.Token, Banner, MediaPurpose.Message, default);

        Assert.Equal(4, new[] { first, forMoments, asFile, changed }.Distinct().Count());
        Assert.Equal(3, await media.WeCom.CountAsync(WeComApis.MediaUpload));
        Assert.Equal("1", Assert.Single(await media.WeCom.CallsAsync(WeComApis.MediaUploadAttachment)).Query["attachment_type"]);
        Assert.Equal(["changed"], media.Reuploads);
    }

    [Fact]
    public async Task On_40007_the_uploaded_ids_are_uploaded_again_once_a_raw_media_id_never_and_a_second_40007_is_thrown()
    {
        await using var media = await MediaHarness.StartAsync();
        media.Folder.Write("banners/welcome.png", 4096);
        var library = media.Library();
        var seen = new List<IReadOnlyList<string>>();

        var error = await Assert.ThrowsAnyAsync<WeComApiException>(() => library.CallWithMediaAsync<int>(
            media.Token,
            [Banner, MediaSource.FromMediaId("file", "raw-media-id"), Banner],
            MediaPurpose.Message,
            ids =>
            {
                seen.Add(ids);
                throw WeComApiException.Create(40007, "invalid media_id", "externalcontact/send_welcome_msg", media.CorpId, WeComErrorKind.Permanent);
            },
            default));

        Assert.Equal(40007, error.ErrCode);
        Assert.Equal(2, seen.Count);
        Assert.All(seen, ids => Assert.Equal(("raw-media-id", ids[0]), (ids[1], ids[2])));
        Assert.NotEqual(seen[0][0], seen[1][0]);
        Assert.Equal(2, await media.WeCom.CountAsync(WeComApis.MediaUpload));
        Assert.Equal(["invalid_media_id"], media.Reuploads);
    }

    [Fact]
    public async Task A_raw_media_id_is_passed_through_and_its_40007_is_thrown_at_once()
    {
        await using var media = await MediaHarness.StartAsync();
        var calls = 0;

        await Assert.ThrowsAnyAsync<WeComApiException>(() => media.Library().CallWithMediaAsync<int>(
            media.Token,
            [MediaSource.FromMediaId("image", "raw-media-id")],
            MediaPurpose.Message,
            ids =>
            {
                calls++;
                Assert.Equal(["raw-media-id"], ids);
                throw WeComApiException.Create(40007, "invalid media_id", "externalcontact/send_welcome_msg", media.CorpId, WeComErrorKind.Permanent);
            },
            default));

        Assert.Equal(1, calls);
        Assert.Equal(0, await media.WeCom.CountAsync(WeComApis.MediaUpload));
    }

    [Fact]
    public async Task A_path_outside_the_root_is_refused_before_anything_is_uploaded()
    {
        await using var media = await MediaHarness.StartAsync();

        var error = await Assert.ThrowsAsync<MediaSourceException>(() =>
            media.Library().ResolveAsync(media.Token, MediaSource.FromPath("image", "../outside.png"), MediaPurpose.Message, default));

        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await media.WeCom.CountAsync(WeComApis.MediaUpload));
    }
}
