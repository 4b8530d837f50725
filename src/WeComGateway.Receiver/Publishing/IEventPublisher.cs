using WeComGateway.Contracts;

namespace WeComGateway.Receiver.Publishing;

/// <summary>
/// Puts one event on the bus and completes only when the broker confirmed it (or throws). The seam between the
/// receiver and MassTransit.
/// </summary>
public interface IEventPublisher
{
    Task PublishAsync(WeComCallbackEvent message, CancellationToken cancellationToken);
}
