using System.Text.Json;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Secrets;
using WeComGateway.WeComApi.Errors;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Tests.Hosting;

/// <summary>
/// Only failures marked <see cref="IPermanentFailure"/> skip the retries; a bug (an exception nobody planned for) is
/// retried, redelivered and dead-lettered like any other transient failure.
/// </summary>
public sealed class FailureClassifierTests
{
    public static TheoryData<Exception> Permanent() =>
    [
        WeComApiException.FromErrCode(40068, "invalid tagid", "externalcontact/mark_tag", "wwcorp"),
        WeComApiException.FromErrCode(WeComErrorCodes.AuthorizationInvalid, "auth invalid", "externalcontact/mark_tag", "wwcorp"),
        new IncompleteAuthorizationEventException("change_auth", "suite", "AuthCorpId"),
        new Authorization.CorpNotAuthorizedException("suite", "wwcorp"),
        new SecretUnprotectException(SecretBinding.PermanentCode("wwcorp"), "authentication tag mismatch"),
        new RuleSetException([new RuleSetError("r1", "rules[0].then", "unknown stage")]),
        new SubscriberRefusal(),
        new AggregateException(new Authorization.CorpNotAuthorizedException("suite", "wwcorp")),
    ];

    public static TheoryData<Exception> RetriedThenDeadLettered() =>
    [
        WeComApiException.FromErrCode(WeComErrorCodes.SystemBusy, "system busy", "externalcontact/mark_tag", "wwcorp"),
        WeComApiException.FromErrCode(WeComErrorCodes.FrequencyLimit, "api freq out of limit", "externalcontact/mark_tag", "wwcorp"),
        new ArgumentException("a bug: an id the code should have checked"),
        new JsonException("a bug: a shape the code did not expect"),
        new NullReferenceException(),
        new InvalidOperationException(),
        new CustomerUpdateConflictException("wwcorp", "wm1", 8),
        new AggregateException(new ArgumentException("bug"), new Authorization.CorpNotAuthorizedException("suite", "wwcorp")),
    ];

    [Theory]
    [MemberData(nameof(Permanent))]
    public void A_failure_marked_permanent_goes_to_error_at_once(Exception failure) =>
        Assert.True(FailureClassifier.IsPermanent(failure));

    [Theory]
    [MemberData(nameof(RetriedThenDeadLettered))]
    public void Any_other_failure_is_retried(Exception failure) =>
        Assert.False(FailureClassifier.IsPermanent(failure));

    /// <summary>What a subscriber's own consumer might throw: the marker is public in the contracts package.</summary>
    private sealed class SubscriberRefusal() : Exception("the order does not exist in our shop"), IPermanentFailure;
}
