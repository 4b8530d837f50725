using WeComGateway.Automation;
using WeComGateway.WeComApi.ExternalContact;

namespace WeComGateway.Workers.Welcome;

/// <summary>A rendered template → the send_welcome_msg body.</summary>
internal static class WelcomeMessageBuilder
{
    public static SendWelcomeMessageRequest Build(string welcomeCode, RenderedWelcome welcome) => new(welcomeCode)
    {
        Text = string.IsNullOrEmpty(welcome.Text) ? null : new WelcomeText(welcome.Text),
        Attachments = welcome.Attachments.Count == 0 ? null : welcome.Attachments.Select(ToAttachment).ToList(),
    };

    /// <summary>Whether the template needs the customer's name (one externalcontact/get inside the 20-second window).</summary>
    public static bool NeedsCustomerName(WelcomeTemplate template) =>
        Mentions(template.Text) || template.Attachments.Any(a => Mentions(a.Title) || Mentions(a.Description));

    private static bool Mentions(string? text) => text?.Contains("{customer_name", StringComparison.Ordinal) == true;

    /// <summary>One attachment as send_welcome_msg and add_msg_template both take it.</summary>
    internal static WelcomeAttachment ToAttachment(WelcomeAttachmentSpec a) => a.Type switch
    {
        "image" => WelcomeAttachment.ForImage(new ImageAttachment { MediaId = a.MediaId, PicUrl = a.PicUrl }),
        "link" => WelcomeAttachment.ForLink(new LinkAttachment(a.Title ?? string.Empty, a.Url ?? string.Empty) { PicUrl = a.PicUrl, Desc = a.Description }),
        "miniprogram" => WelcomeAttachment.ForMiniProgram(new MiniProgramAttachment(a.Title ?? string.Empty, a.PicMediaId ?? string.Empty, a.AppId ?? string.Empty, a.Page ?? string.Empty)),
        "video" => WelcomeAttachment.ForVideo(a.MediaId ?? string.Empty),
        "file" => WelcomeAttachment.ForFile(a.MediaId ?? string.Empty),
        _ => throw new ArgumentException($"Attachment type '{a.Type}' is not one WeCom accepts", nameof(a)),
    };
}
