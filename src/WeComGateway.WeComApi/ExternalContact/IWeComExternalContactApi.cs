using Refit;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary>
/// Customer-contact APIs under <c>/cgi-bin/externalcontact/</c>, called with an authorized corp's access token
/// (<c>corpToken</c> = <see cref="TokenKey.Corp"/>). A non-zero errcode surfaces as
/// <see cref="Errors.WeComApiException"/>; bodies are buffered so the token handler and retries can resend them.
/// </summary>
/// <remarks>
/// Retries after a timeout or HTTP 5xx apply to the reads (batch/get_by_user is a POST that only reads) and to the writes that set state (mark_tag, remark,
/// del_contact_way: repeating them leaves the same state, though a repeated delete may answer
/// with an errcode). send_welcome_msg, add_corp_tag and add_contact_way are retried only when WeCom answered busy or
/// rate-limited, or the request never left: after a timeout WeCom may already have acted. add_msg_template too: a
/// second call is a second task the members see. remind_groupmsg_send and cancel_groupmsg_send follow the rule of the
/// writes that set state (a repeated cancel leaves the task cancelled; a repeated remind counts against WeCom's three
/// reminders a day).
/// </remarks>
public interface IWeComExternalContactApi
{
    /// <summary>A customer and the members who follow them; <c>follow_user[].state</c> is the channel.</summary>
    [Get("/cgi-bin/externalcontact/get")]
    Task<ExternalContactResponse> GetExternalContactAsync(
        [AliasAs("external_userid")] string externalUserId,
        [AliasAs("cursor")] string? cursor,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>The members configured for customer contact, within the app's visible range.</summary>
    [Get("/cgi-bin/externalcontact/get_follow_user_list")]
    Task<FollowUserListResponse> GetFollowUserListAsync(
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>One page of the customers of up to 100 members (batch/get_by_user); page on with <c>next_cursor</c>.</summary>
    [Post("/cgi-bin/externalcontact/batch/get_by_user")]
    Task<CustomersByUserResponse> GetCustomersByUserAsync(
        [Body(buffered: true)] CustomersByUserRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Once per welcome code, within 20 s of the event; 41050/41051 are final.</summary>
    [Post("/cgi-bin/externalcontact/send_welcome_msg")]
    Task<WeComResponse> SendWelcomeMessageAsync(
        [Body(buffered: true)] SendWelcomeMessageRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/mark_tag")]
    Task<WeComResponse> MarkTagAsync(
        [Body(buffered: true)] MarkTagRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Both id lists empty: every group and tag of the corp.</summary>
    [Post("/cgi-bin/externalcontact/get_corp_tag_list")]
    Task<CorpTagListResponse> GetCorpTagListAsync(
        [Body(buffered: true)] CorpTagListRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/add_corp_tag")]
    Task<AddCorpTagResponse> AddCorpTagAsync(
        [Body(buffered: true)] AddCorpTagRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/remark")]
    Task<WeComResponse> RemarkAsync(
        [Body(buffered: true)] RemarkRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/groupchat/get")]
    Task<GroupChatResponse> GetGroupChatAsync(
        [Body(buffered: true)] GroupChatRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Creates a 联系我 QR code / button; store <c>config_id</c>, and use <c>state</c> as the channel key.</summary>
    [Post("/cgi-bin/externalcontact/add_contact_way")]
    Task<AddContactWayResponse> AddContactWayAsync(
        [Body(buffered: true)] AddContactWayRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/get_contact_way")]
    Task<GetContactWayResponse> GetContactWayAsync(
        [Body(buffered: true)] ContactWayIdRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/del_contact_way")]
    Task<WeComResponse> DeleteContactWayAsync(
        [Body(buffered: true)] ContactWayIdRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Creates a 加入群聊 way over 1–5 chats; its QR code comes from get_join_way.</summary>
    [Post("/cgi-bin/externalcontact/groupchat/add_join_way")]
    Task<AddJoinWayResponse> AddJoinWayAsync(
        [Body(buffered: true)] JoinWayRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/groupchat/get_join_way")]
    Task<GetJoinWayResponse> GetJoinWayAsync(
        [Body(buffered: true)] JoinWayIdRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Scene and chats are sent whole (they replace the stored ones).</summary>
    [Post("/cgi-bin/externalcontact/groupchat/update_join_way")]
    Task<WeComResponse> UpdateJoinWayAsync(
        [Body(buffered: true)] JoinWayRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/groupchat/del_join_way")]
    Task<WeComResponse> DeleteJoinWayAsync(
        [Body(buffered: true)] JoinWayIdRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/group_welcome_template/add")]
    Task<AddGroupWelcomeTemplateResponse> AddGroupWelcomeTemplateAsync(
        [Body(buffered: true)] GroupWelcomeTemplateRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/group_welcome_template/edit")]
    Task<WeComResponse> EditGroupWelcomeTemplateAsync(
        [Body(buffered: true)] GroupWelcomeTemplateRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/group_welcome_template/get")]
    Task<GetGroupWelcomeTemplateResponse> GetGroupWelcomeTemplateAsync(
        [Body(buffered: true)] GroupWelcomeTemplateIdRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/externalcontact/group_welcome_template/del")]
    Task<WeComResponse> DeleteGroupWelcomeTemplateAsync(
        [Body(buffered: true)] GroupWelcomeTemplateIdRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Changes a contact way; only the fields sent change.</summary>
    [Post("/cgi-bin/externalcontact/update_contact_way")]
    Task<WeComResponse> UpdateContactWayAsync(
        [Body(buffered: true)] UpdateContactWayRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>The config ids of the contact ways created through the API; page on with <c>next_cursor</c>.</summary>
    [Post("/cgi-bin/externalcontact/list_contact_way")]
    Task<ListContactWayResponse> ListContactWaysAsync(
        [Body(buffered: true)] ListContactWayRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Per day: new customers, customers who deleted the member, chats … (summed over the members asked for).</summary>
    [Post("/cgi-bin/externalcontact/get_user_behavior_data")]
    Task<UserBehaviorDataResponse> GetUserBehaviorDataAsync(
        [Body(buffered: true)] UserBehaviorDataRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a mass message (企业群发) the members confirm in the app before it goes out; answers its msgid and the
    /// customers it cannot reach (<c>fail_list</c>). Never resent after a timeout or 5xx (no idempotency key).
    /// </summary>
    [Post("/cgi-bin/externalcontact/add_msg_template")]
    Task<AddMessageTemplateResponse> AddMessageTemplateAsync(
        [Body(buffered: true)] AddMessageTemplateRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>One page of a task's members and whether each has sent it; page on with <c>next_cursor</c>.</summary>
    [Post("/cgi-bin/externalcontact/get_groupmsg_task")]
    Task<GroupMessageTaskResponse> GetGroupMessageTaskAsync(
        [Body(buffered: true)] GroupMessageTaskRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>One page of what became of the message for each customer of one member of the task.</summary>
    [Post("/cgi-bin/externalcontact/get_groupmsg_send_result")]
    Task<GroupMessageSendResultResponse> GetGroupMessageSendResultAsync(
        [Body(buffered: true)] GroupMessageSendResultRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Notifies the members who have not sent it again; at most three times per task in 24 h (then 41094).</summary>
    [Post("/cgi-bin/externalcontact/remind_groupmsg_send")]
    Task<WeComResponse> RemindGroupMessageSendAsync(
        [Body(buffered: true)] GroupMessageIdRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Stops the task for the members who have not sent it yet; their customers stay not sent.</summary>
    [Post("/cgi-bin/externalcontact/cancel_groupmsg_send")]
    Task<WeComResponse> CancelGroupMessageSendAsync(
        [Body(buffered: true)] GroupMessageIdRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>One page of the corp's mass messages created in a time range of at most one month.</summary>
    [Post("/cgi-bin/externalcontact/get_groupmsg_list_v2")]
    Task<GroupMessageListResponse> GetGroupMessageListAsync(
        [Body(buffered: true)] GroupMessageListRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Creates a customer-moment publish task (企业发表朋友圈); answers a job id. Never resent after a timeout.</summary>
    [Post("/cgi-bin/externalcontact/add_moment_task")]
    Task<AddMomentTaskResponse> AddMomentTaskAsync(
        [Body(buffered: true)] AddMomentTaskRequest request,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>Where the task of <paramref name="jobId"/> is (1 started, 2 running, 3 done) and, once done, its result.</summary>
    [Get("/cgi-bin/externalcontact/get_moment_task_result")]
    Task<MomentTaskResultResponse> GetMomentTaskResultAsync(
        [AliasAs("jobid")] string jobId,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);
}
