using WeComGateway.Contracts;

namespace WeComGateway.Workers.Authorization;

/// <summary>An authorization event the worker cannot act on. Permanent: retrying cannot help (the retry filter skips it).</summary>
internal abstract class AuthorizationWorkerException(string message) : Exception(message), IPermanentFailure;

/// <summary>The event names a corp for which no authorization of that suite is stored.</summary>
internal sealed class CorpNotAuthorizedException(string suiteId, string corpId)
    : AuthorizationWorkerException($"Corp {corpId} has no stored authorization of suite {suiteId}: it never completed create_auth here, or was cancelled.")
{
    public string SuiteId { get; } = suiteId;

    public string CorpId { get; } = corpId;
}

/// <summary>The event lacks a field WeCom always sends for its kind (e.g. <c>AuthCorpId</c> on <c>change_auth</c>).</summary>
internal sealed class IncompleteAuthorizationEventException(string eventName, string suiteId, string missing)
    : AuthorizationWorkerException($"{eventName} for suite {suiteId} has no {missing}.");

/// <summary>WeCom answered without an error but without what the exchange needs.</summary>
internal sealed class IncompleteWeComAnswerException(string api, string suiteId, string missing)
    : AuthorizationWorkerException($"WeCom {api} for suite {suiteId} answered without {missing}.");
