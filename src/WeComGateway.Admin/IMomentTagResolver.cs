using WeComGateway.Automation;

namespace WeComGateway.Admin;

/// <summary>What <see cref="IMomentTagResolver.ResolveAsync"/> found: WeCom's ids of the tags it has, and the ones it has not.</summary>
/// <param name="Authorized">False when the corp holds no active grant to read its tags through.</param>
public sealed record MomentTagResolution(bool Authorized, IReadOnlyDictionary<TagRef, string> Ids, IReadOnlyList<TagRef> Unknown);

/// <summary>
/// Customer tags (group/name) → WeCom tag ids for a moment's audience, through the workers' corp tag directory; never
/// creates a tag (a moment for a tag nobody carries reaches nobody). Implemented by the workers.
/// </summary>
public interface IMomentTagResolver
{
    Task<MomentTagResolution> ResolveAsync(string corpId, IReadOnlyList<TagRef> tags, CancellationToken cancellationToken);
}
