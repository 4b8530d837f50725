using WeComGateway.Automation;
using WeComGateway.WeComApi.ExternalContact;

namespace WeComGateway.Workers.Welcome;

/// <summary>A rendered template → the send_welcome_msg body.</summary>
internal static class WelcomeMessageBuilder
{
    /// <param name="mediaIds">The media ids resolved for <see cref="WelcomeAttachmentMedia.Sources"/> of the attachments, in order.</param>
    public static SendWelcomeMessageRequest Build(string welcomeCode, RenderedWelcome welcome, IReadOnlyList<string> mediaIds) => new(welcomeCode)
    {
        Text = string.IsNullOrEmpty(welcome.Text) ? null : new WelcomeText(welcome.Text),
        Attachments = welcome.Attachments.Count == 0 ? null : WelcomeAttachmentMedia.ToWire(welcome.Attachments, mediaIds),
    };

    /// <summary>Whether the template needs the customer's name (one externalcontact/get inside the 20-second window).</summary>
    public static bool NeedsCustomerName(WelcomeTemplate template) =>
        Mentions(template.Text) || template.Attachments.Any(a => Mentions(a.Title) || Mentions(a.Description));

    private static bool Mentions(string? text) => text?.Contains("{customer_name", StringComparison.Ordinal) == true;
}
