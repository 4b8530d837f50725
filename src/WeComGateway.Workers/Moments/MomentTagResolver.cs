using WeComGateway.Admin;
using WeComGateway.Automation;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Tags;

namespace WeComGateway.Workers.Moments;

/// <summary>The admin API's tag lookup for moments: <see cref="CorpTagDirectory.FindAsync"/> through the grant <see cref="CorpGrantSelector"/> picks.</summary>
internal sealed class MomentTagResolver(CorpTagDirectory directory, CorpGrantSelector grants) : IMomentTagResolver
{
    public async Task<MomentTagResolution> ResolveAsync(string corpId, IReadOnlyList<TagRef> tags, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return new MomentTagResolution(false, new Dictionary<TagRef, string>(), tags);
        }

        if (tags.Count == 0)
        {
            return new MomentTagResolution(true, new Dictionary<TagRef, string>(), []);
        }

        var ids = await directory.FindAsync(grant.SuiteId, corpId, tags, cancellationToken);
        return new MomentTagResolution(true, ids, [.. tags.Where(t => !ids.ContainsKey(t)).Distinct()]);
    }
}
