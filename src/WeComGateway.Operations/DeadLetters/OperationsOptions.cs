using WeComGateway.Configuration;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Section <c>Operations</c>: where the RabbitMQ management API is, when not on the AMQP host at port 15672 (15671,
/// https, for amqps) with the AMQP credentials; credentials in the URL win (see <see cref="DeadLetterOptions"/>).
/// </summary>
public sealed class OperationsOptions : IValidatableOptions
{
    public const string SectionName = "Operations";

    public string? RabbitMqManagementUrl { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(RabbitMqManagementUrl)
            && !(Uri.TryCreate(RabbitMqManagementUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            context.Problem(nameof(RabbitMqManagementUrl), "must be an http:// or https:// URL.");
        }
    }
}
