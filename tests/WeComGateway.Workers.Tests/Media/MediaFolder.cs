namespace WeComGateway.Workers.Tests.Media;

/// <summary>A throwaway <c>Media:Root</c> for one test, removed at the end.</summary>
public sealed class MediaFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("wecomgw-media-").FullName;

    /// <summary>Writes <paramref name="bytes"/> bytes (a pattern from <paramref name="seed"/>) at <paramref name="relativePath"/>; returns the full path.</summary>
    public string Write(string relativePath, int bytes, byte seed = 1)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. Enumerable.Range(0, bytes).Select(i => (byte)(i * seed))]);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
