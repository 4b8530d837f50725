namespace WeComGateway.Workers.Media;

/// <summary>
/// Reads <c>path</c> sources under <c>Media:Root</c> and nothing else: a rooted path, a <c>..</c> segment or a
/// symbolic link (of a folder on the way or of the file) that leads out of the root is refused with
/// <see cref="MediaSourceException"/>, as is a file larger than the type's limit or of an extension WeCom refuses.
/// </summary>
internal static class MediaFiles
{
    private static readonly char[] Separators = ['/', '\\'];

    public static async Task<MediaContent> ReadAsync(string? root, MediaSource source, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Resolve(root, source.Value);
        var contentType = MediaContent.ContentTypeOfFile(source.Type, path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new MediaSourceException($"There is no file '{source.Value}' under Media:Root.");
        }

        if (file.Length <= MediaContent.MinBytesExclusive || file.Length > maxBytes)
        {
            throw new MediaSourceException($"The {source.Type} '{source.Value}' has {file.Length} bytes; WeCom takes more than {MediaContent.MinBytesExclusive} and at most {maxBytes}.");
        }

        return new MediaContent(await File.ReadAllBytesAsync(path, cancellationToken), Path.GetFileName(path), contentType);
    }

    /// <summary>The real path of <paramref name="relativePath"/> under <paramref name="root"/>, links followed; refused when it leaves the root.</summary>
    public static string Resolve(string? root, string relativePath)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new MediaSourceException("Media:Root is not set: media by path are not available (set it to the folder the paths are relative to).");
        }

        if (string.IsNullOrWhiteSpace(relativePath) || Path.IsPathRooted(relativePath) || relativePath.Contains(':', StringComparison.Ordinal) || relativePath.StartsWith('~'))
        {
            throw new MediaSourceException($"A media path is relative to Media:Root; '{relativePath}' is not.");
        }

        var segments = relativePath.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
        {
            throw new MediaSourceException($"A media path may not go up ('..'): '{relativePath}'.");
        }

        var realRoot = RealPath(Path.GetFullPath(root));
        var current = realRoot;
        foreach (var segment in segments.Where(s => s != "."))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo entry = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (entry.LinkTarget is null)
            {
                continue;
            }

            var target = entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (target is null || !IsInside(realRoot, target))
            {
                throw new MediaSourceException($"The media path '{relativePath}' leads out of Media:Root through a symbolic link.");
            }

            current = target;
        }

        return IsInside(realRoot, current)
            ? current
            : throw new MediaSourceException($"The media path '{relativePath}' leads out of Media:Root.");
    }

    private static string RealPath(string path)
    {
        FileSystemInfo entry = new DirectoryInfo(path);
        return (entry.LinkTarget is null ? entry : entry.ResolveLinkTarget(returnFinalTarget: true) ?? entry).FullName.TrimEnd(Path.DirectorySeparatorChar);
    }

    private static bool IsInside(string root, string path) =>
        path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
