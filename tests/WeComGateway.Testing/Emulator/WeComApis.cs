using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeComGateway.Testing;

/// <summary>The open APIs the gateway calls, named as WeCom names them under <c>/cgi-bin/</c> (and as errors name them).</summary>
public static class WeComApis
{
    public const string SuiteToken = "service/get_suite_token";
    public const string CorpToken = "service/get_corp_token";

    /// <summary>The self-built token API, which 代开发 grants use with their permanent code as the secret.</summary>
    public const string GetToken = "gettoken";
    public const string PermanentCode = "service/get_permanent_code";
    public const string AuthInfo = "service/get_auth_info";
    public const string GetContact = "externalcontact/get";
    public const string SendWelcome = "externalcontact/send_welcome_msg";
    public const string MarkTag = "externalcontact/mark_tag";
    public const string TagList = "externalcontact/get_corp_tag_list";
    public const string AddCorpTag = "externalcontact/add_corp_tag";
    public const string FollowUserList = "externalcontact/get_follow_user_list";
    public const string CustomersByUser = "externalcontact/batch/get_by_user";
    public const string AddJoinWay = "externalcontact/groupchat/add_join_way";
    public const string GetJoinWay = "externalcontact/groupchat/get_join_way";
    public const string UpdateJoinWay = "externalcontact/groupchat/update_join_way";
    public const string DeleteJoinWay = "externalcontact/groupchat/del_join_way";
    public const string AddGroupWelcomeTemplate = "externalcontact/group_welcome_template/add";
    public const string DeleteGroupWelcomeTemplate = "externalcontact/group_welcome_template/del";
    public const string SendMessage = "message/send";
    public const string AddMessageTemplate = "externalcontact/add_msg_template";
    public const string GroupMessageTask = "externalcontact/get_groupmsg_task";
    public const string GroupMessageSendResult = "externalcontact/get_groupmsg_send_result";
    public const string RemindGroupMessage = "externalcontact/remind_groupmsg_send";
    public const string CancelGroupMessage = "externalcontact/cancel_groupmsg_send";
    public const string GroupMessageList = "externalcontact/get_groupmsg_list_v2";
    public const string MediaUpload = "media/upload";
    public const string MediaUploadAttachment = "media/upload_attachment";
    public const string AddMomentTask = "externalcontact/add_moment_task";
    public const string MomentTaskResult = "externalcontact/get_moment_task_result";

    /// <summary>True for the token APIs, which the token infrastructure calls on its own schedule.</summary>
    public static bool IsTokenApi(string api) => api is SuiteToken or CorpToken or GetToken or "service/get_provider_token";
}

/// <summary>Reading a call the emulator recorded.</summary>
public static class EmulatorCalls
{
    /// <summary>The API, relative to <c>/cgi-bin/</c>: <c>externalcontact/mark_tag</c>.</summary>
    public static string Api(this EmulatorCall call) => call.Path.StartsWith("/cgi-bin/", StringComparison.Ordinal) ? call.Path["/cgi-bin/".Length..] : call.Path;

    /// <summary>The request body (secret fields masked by the emulator).</summary>
    public static JsonObject Json(this EmulatorCall call) => JsonNode.Parse(call.Body) as JsonObject ?? [];

    /// <summary>The request body read as the gateway's DTO (WeCom's names come from its <c>[JsonPropertyName]</c>s).</summary>
    public static T Body<T>(this EmulatorCall call) => JsonSerializer.Deserialize<T>(call.Body)!;

    /// <summary>A string array of the body (<c>add_tag</c>), empty when absent.</summary>
    public static IReadOnlyList<string> Strings(this EmulatorCall call, string name) =>
        call.Json()[name] is JsonArray array ? [.. array.Select(v => (string)v!)] : [];
}
