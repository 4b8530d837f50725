using Refit;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Message;

/// <summary>
/// Application messages (<c>/cgi-bin/message/send</c>): a notice from the suite's app to members of an authorized
/// corp, called with the corp's access token (<c>corpToken</c> = <see cref="TokenKey.Corp"/>) and the app's
/// <c>agentid</c> in that corp (stored with the grant). Retried only when WeCom answered busy or rate-limited or the
/// request never left: after a timeout the message may already have gone out.
/// </summary>
public interface IWeComMessageApi
{
    /// <summary>
    /// Sends a message; recipients WeCom refused are listed in <c>invaliduser</c> / <c>unlicenseduser</c> while the
    /// others receive it. When every recipient is refused the call fails (81013).
    /// </summary>
    [Post("/cgi-bin/message/send")]
    Task<SendMessageResponse> SendAsync(
        [Body(buffered: true)] SendMessageRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);
}
