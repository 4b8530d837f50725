using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.Admin;

/// <summary>How the DLQ admin endpoints refuse: a small closed set of problem titles.</summary>
public static class DeadLetterProblems
{
    public static ProblemHttpResult NotConfigured() => TypedResults.Problem(
        title: "dead_letter_queues_unavailable",
        detail: "This gateway runs on MassTransit's in-memory transport (no ConnectionStrings:RabbitMq): it has no dead-letter queues to manage.",
        statusCode: StatusCodes.Status501NotImplemented);

    public static ProblemHttpResult MessageNotFound(string queue, string id) => TypedResults.Problem(
        title: "message_not_found", detail: $"No message {id} in {queue} (replayed or purged meanwhile?).", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult ConfirmationMismatch(string queue) => TypedResults.Problem(
        title: "confirmation_required",
        detail: $"Purging deletes every message for good: send {{\"confirm\": \"{queue}\"}} to confirm.",
        statusCode: StatusCodes.Status400BadRequest);

    /// <summary>The failures an operation can end in, or null for one that is a bug (and should stay a 500).</summary>
    public static ProblemHttpResult? From(Exception exception) => exception switch
    {
        NotADeadLetterQueueException e => TypedResults.Problem(title: "not_a_dead_letter_queue", detail: e.Message, statusCode: StatusCodes.Status400BadRequest),
        DeadLetterQueueNotFoundException e => TypedResults.Problem(title: "queue_not_found", detail: e.Message, statusCode: StatusCodes.Status404NotFound),
        DeadLetterBrokerUnavailableException e => TypedResults.Problem(title: "broker_unavailable", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable),
        ArgumentException e => TypedResults.Problem(title: "invalid_filter", detail: e.Message, statusCode: StatusCodes.Status400BadRequest),
        _ => null,
    };
}
