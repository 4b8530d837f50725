using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Admin;

/// <summary>The refusal every per-corp admin endpoint starts with: an invalid corp id (400), or a corp without an active grant (404).</summary>
public static class AdminCorps
{
    /// <summary>Null when the corp may be served; else the problem to answer.</summary>
    public static async Task<ProblemHttpResult?> RefuseAsync(string corpId, IAuthorizationStore authorizations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorizations);
        try
        {
            CorpKeys.Validate(corpId);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(title: "invalid_corp_id", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        return (await authorizations.ListAsync(corpId, cancellationToken)).Any(g => g.Active)
            ? null
            : TypedResults.Problem(
                title: "not_authorized",
                detail: $"Corp {corpId} holds no active grant (not installed, uninstalled, or its permanent code was refused).",
                statusCode: StatusCodes.Status404NotFound);
    }
}
