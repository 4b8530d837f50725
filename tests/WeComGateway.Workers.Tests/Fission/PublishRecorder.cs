using System.Collections.Concurrent;
using MassTransit;

namespace WeComGateway.Workers.Tests.Fission;

/// <summary>
/// Every message that went out to the broker, repeats included. The harness's own list keeps one entry per message id,
/// so a republish with the same id — what subscribers deduplicate by — would not show there.
/// </summary>
internal sealed class PublishRecorder : IPublishObserver
{
    private readonly ConcurrentQueue<(object Message, Guid? MessageId)> _published = new();

    public IReadOnlyList<(T Message, Guid? MessageId)> Of<T>()
        where T : class =>
        [.. _published.Where(p => p.Message is T).Select(p => ((T)p.Message, p.MessageId))];

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        _published.Enqueue((context.Message, context.MessageId));
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
