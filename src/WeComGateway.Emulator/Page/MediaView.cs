using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Page;

/// <summary>What <c>/emulator/media</c> answers: every media id uploaded, newest first, and whether it is still valid.</summary>
internal sealed record MediaView(string Corpid, string MediaId, string Type, string FileName, long Length, int? AttachmentType, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Valid)
{
    internal static IReadOnlyList<MediaView> Of(EmulatorState state)
    {
        var now = state.Time.GetUtcNow();
        return [.. state.Corps.Values
            .SelectMany(c => c.Media.Values.Select(m => new MediaView(c.CorpId, m.MediaId, m.Type, m.FileName, m.Length, m.AttachmentType, m.CreatedAt, m.ExpiresAt, m.ExpiresAt > now)))
            .OrderByDescending(m => m.CreatedAt)];
    }
}
