namespace WeComGateway.Contracts;

/// <summary>
/// Marks a consumer exception that retrying cannot fix: bad or incomplete data, a corp that is not (or no longer)
/// authorized, wrong configuration, a refusal WeCom will repeat. The gateway's workers send a message whose consumer
/// threw one straight to its <c>_error</c> queue, skipping retries and redeliveries; every other exception is retried,
/// then redelivered, then dead-lettered. Subscribers may mark their own exceptions with it too.
/// </summary>
public interface IPermanentFailure;
