using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Storage.Authorizations;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.Admin.StoreCodes;

/// <summary>The problem answers of the store-code and group-code endpoints.</summary>
internal static class StoreCodeProblems
{
    public static ProblemHttpResult? InvalidCorp(string corpId)
    {
        try
        {
            CorpKeys.Validate(corpId);
            return null;
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(title: "invalid_corp_id", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The corp id's problem, else the request's (<paramref name="problem"/>), else null.</summary>
    public static ProblemHttpResult? Check(string corpId, string? problem) =>
        InvalidCorp(corpId) ?? (problem is null ? null : Invalid(problem));

    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "invalid_request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult NotAuthorized(string corpId) => TypedResults.Problem(
        title: "not_authorized",
        detail: $"Corp {corpId} holds no active grant: nothing of it is kept, and WeCom cannot be called for it.",
        statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: "not_found", detail: $"No {what}.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>WeCom refused the call: 502 with its errcode (never a token or the request).</summary>
    public static ProblemHttpResult WeCom(WeComApiException ex) => TypedResults.Problem(
        title: "wecom_error",
        detail: $"WeCom answered {ex.Api} with errcode {ex.ErrCode}: {ex.ErrMsg}",
        statusCode: StatusCodes.Status502BadGateway,
        extensions: new Dictionary<string, object?> { ["errcode"] = ex.ErrCode, ["api"] = ex.Api });
}
