using System.Collections.Concurrent;
using MassTransit;

namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>
/// Counts, per message id, the receive endpoints that are completely done with a message: consumer, retries, fault and
/// the in-memory outbox's publishes included (PostReceive comes after all of them). The harness's Consumed list is
/// written before the outbox is flushed, so "nothing was published" can only be asserted after this.
/// </summary>
public sealed class ReceiveCompletions : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, int> _done = new();

    public int Count(Guid messageId) => _done.GetValueOrDefault(messageId);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Done(context);

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Done(context);

    private Task Done(ReceiveContext context)
    {
        if (context.GetMessageId() is { } id)
        {
            _done.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }
}
