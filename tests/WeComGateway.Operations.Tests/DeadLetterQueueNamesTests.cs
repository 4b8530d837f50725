using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.Operations.Tests;

public class DeadLetterQueueNamesTests
{
    [Theory]
    [InlineData("customer-automation_error")]
    [InlineData("itab12cd34-customer-automation_error")]
    [InlineData("welcome_skipped")]
    public void Error_and_skipped_queues_are_dead_letter_queues(string queue) =>
        Assert.True(DeadLetterQueueNames.IsDeadLetterQueue(queue));

    [Theory]
    [InlineData("customer-automation")]
    [InlineData("wecomgw.unrouted")]
    [InlineData("_error")]
    [InlineData("_skipped")]
    [InlineData("orders_error_archive")]
    [InlineData("orders_ERROR")]
    [InlineData("")]
    [InlineData("orders\n_error")]
    [InlineData(null)]
    public void Live_queues_and_odd_names_are_refused(string? queue)
    {
        Assert.False(DeadLetterQueueNames.IsDeadLetterQueue(queue));
        var refused = Assert.Throws<NotADeadLetterQueueException>(() => DeadLetterQueueNames.EnsureDeadLetterQueue(queue));
        Assert.Contains("_error", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_RabbitMQ_allows_is_refused() =>
        Assert.False(DeadLetterQueueNames.IsDeadLetterQueue(new string('q', 250) + "_error"));

    [Theory]
    [InlineData("customer-automation_error", "customer-automation")]
    [InlineData("welcome_skipped", "welcome")]
    [InlineData("a_error_skipped", "a_error")]
    public void The_live_queue_is_the_name_without_its_suffix(string deadLetterQueue, string live) =>
        Assert.Equal(live, DeadLetterQueueNames.LiveQueueOf(deadLetterQueue));

    [Fact]
    public void Asking_the_live_queue_of_a_live_queue_is_refused() =>
        Assert.Throws<NotADeadLetterQueueException>(() => DeadLetterQueueNames.LiveQueueOf("customer-automation"));
}
