using WeComGateway.Storage.StoreCodes;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Admin.StoreCodes;

/// <summary>A group code as the admin API asks for one (WeCom's limits checked before WeCom is called).</summary>
/// <param name="Scene">1 mini-program plug-in, 2 QR code.</param>
/// <param name="ChatIds">1–5 customer group chats.</param>
/// <param name="State">≤ 30 characters; groupchat/get gives it back as the member's state.</param>
public sealed record JoinWaySpec(int Scene, IReadOnlyList<string> ChatIds, string? Remark, string? State, bool AutoCreateRoom, string? RoomBaseName, int? RoomBaseId)
{
    public const int MaxChats = 5;

    public const int MaxState = 30;

    public const int MaxRemark = 30;

    public const int MaxRoomBaseName = 40;

    /// <summary>What is wrong with it, or null.</summary>
    public string? Problem() =>
        Scene is not (1 or 2) ? "scene must be 1 (mini-program) or 2 (QR code)"
        : ChatIds is not { Count: > 0 and <= MaxChats } ? $"chatIds needs 1 to {MaxChats} group chats"
        : ChatIds.Any(string.IsNullOrWhiteSpace) || ChatIds.Distinct(StringComparer.Ordinal).Count() != ChatIds.Count ? "chatIds must be distinct and not empty"
        : State is { Length: > MaxState } ? $"state is longer than {MaxState} characters"
        : State is { } s && StoreCodeIds.TryParseState(s, out _, out _) ? $"states starting '{StoreCodeIds.StatePrefix}' are the store codes'"
        : Remark is { Length: > MaxRemark } ? $"remark is longer than {MaxRemark} characters"
        : RoomBaseName is { Length: > MaxRoomBaseName } ? $"roomBaseName is longer than {MaxRoomBaseName} characters"
        : null;

    public JoinWayRequest ToRequest(string? configId = null) => new(Scene, ChatIds)
    {
        ConfigId = configId, Remark = Remark, State = State, AutoCreateRoom = AutoCreateRoom ? 1 : 0,
        RoomBaseName = AutoCreateRoom ? RoomBaseName : null, RoomBaseId = AutoCreateRoom ? RoomBaseId : null,
    };
}

/// <summary>
/// A group welcome template as the admin API takes it: text and at most one attachment (WeCom would silently keep only
/// the first of several, by image &gt; link &gt; mini-program &gt; file &gt; video: the gateway refuses instead).
/// </summary>
public sealed record GroupWelcomeTemplateSpec(string Name, string? Text, ImageAttachment? Image, LinkAttachment? Link, MiniProgramAttachment? MiniProgram, string? FileMediaId, string? VideoMediaId, bool Notify = true)
{
    public const int MaxTextBytes = 4000;

    public const int MaxTemplates = 100;

    public string? Problem()
    {
        var attachments = new object?[] { Image, Link, MiniProgram, FileMediaId, VideoMediaId }.Count(a => a is not null);
        return string.IsNullOrWhiteSpace(Name) ? "name is required"
            : Text is not null && System.Text.Encoding.UTF8.GetByteCount(Text) > MaxTextBytes ? $"text is longer than {MaxTextBytes} bytes"
            : attachments > 1 ? "at most one of image, link, miniProgram, fileMediaId, videoMediaId"
            : Text is null && attachments == 0 ? "text and attachment are both empty"
            : null;
    }

    public string? AttachmentType =>
        Image is not null ? "image" : Link is not null ? "link" : MiniProgram is not null ? "miniprogram" : FileMediaId is not null ? "file" : VideoMediaId is not null ? "video" : null;

    public GroupWelcomeTemplateRequest ToRequest(string? templateId = null) => new()
    {
        TemplateId = templateId,
        Text = Text is null ? null : new WelcomeText(Text),
        Image = Image, Link = Link, MiniProgram = MiniProgram,
        File = FileMediaId is null ? null : new MediaAttachment(FileMediaId),
        Video = VideoMediaId is null ? null : new MediaAttachment(VideoMediaId),
        Notify = templateId is null ? (Notify ? 1 : 0) : null,
    };
}

/// <summary>
/// Group codes (加入群聊 ways) and group welcome templates: made, changed and deleted in WeCom through the corp's grant
/// and kept in <see cref="IStoreCodeStore"/> (WeCom has no list API for either). Null answers: the corp holds no grant.
/// </summary>
public sealed class GroupCodeManager(IStoreCodeStore store, IWeComExternalContactApi wecom, CorpGrantSelector grants, TimeProvider time)
{
    public async Task<GroupJoinWay?> CreateJoinWayAsync(string corpId, JoinWaySpec spec, CancellationToken cancellationToken)
    {
        if (await TokenAsync(corpId, cancellationToken) is not { } token)
        {
            return null;
        }

        var configId = (await wecom.AddJoinWayAsync(spec.ToRequest(), token, cancellationToken)).ConfigId!;
        var way = await ReadAsync(configId, null, token, cancellationToken);
        if (!await store.SaveJoinWayAsync(corpId, way, cancellationToken))
        {
            await wecom.DeleteJoinWayAsync(new JoinWayIdRequest(configId), token, cancellationToken);
            return null;
        }

        return way;
    }

    /// <summary>Null when the corp holds no grant or the way is not one the gateway made.</summary>
    public async Task<GroupJoinWay?> UpdateJoinWayAsync(string corpId, string configId, JoinWaySpec spec, CancellationToken cancellationToken)
    {
        if (await store.GetJoinWayAsync(corpId, configId, cancellationToken) is not { } before || await TokenAsync(corpId, cancellationToken) is not { } token)
        {
            return null;
        }

        await wecom.UpdateJoinWayAsync(spec.ToRequest(configId), token, cancellationToken);
        var way = await ReadAsync(configId, before, token, cancellationToken);
        await store.DeleteJoinWayAsync(corpId, configId, cancellationToken); // chats no longer in the way stop counting for it
        return await store.SaveJoinWayAsync(corpId, way, cancellationToken) ? way : null;
    }

    public async Task<bool> DeleteJoinWayAsync(string corpId, string configId, CancellationToken cancellationToken)
    {
        if (await store.GetJoinWayAsync(corpId, configId, cancellationToken) is null || await TokenAsync(corpId, cancellationToken) is not { } token)
        {
            return false;
        }

        await wecom.DeleteJoinWayAsync(new JoinWayIdRequest(configId), token, cancellationToken);
        return await store.DeleteJoinWayAsync(corpId, configId, cancellationToken);
    }

    public async Task<GroupWelcomeTemplateEntry?> CreateTemplateAsync(string corpId, GroupWelcomeTemplateSpec spec, CancellationToken cancellationToken)
    {
        if (await TokenAsync(corpId, cancellationToken) is not { } token)
        {
            return null;
        }

        var id = (await wecom.AddGroupWelcomeTemplateAsync(spec.ToRequest(), token, cancellationToken)).TemplateId!;
        var entry = new GroupWelcomeTemplateEntry(id, spec.Name, spec.Text, spec.AttachmentType, time.GetUtcNow());
        if (!await store.SaveTemplateAsync(corpId, entry, cancellationToken))
        {
            await wecom.DeleteGroupWelcomeTemplateAsync(new GroupWelcomeTemplateIdRequest(id), token, cancellationToken);
            return null;
        }

        return entry;
    }

    public async Task<GroupWelcomeTemplateEntry?> EditTemplateAsync(string corpId, string templateId, GroupWelcomeTemplateSpec spec, CancellationToken cancellationToken)
    {
        var known = (await store.ListTemplatesAsync(corpId, cancellationToken)).FirstOrDefault(t => t.TemplateId == templateId);
        if (known is null || await TokenAsync(corpId, cancellationToken) is not { } token)
        {
            return null;
        }

        await wecom.EditGroupWelcomeTemplateAsync(spec.ToRequest(templateId), token, cancellationToken);
        var entry = known with { Name = spec.Name, Text = spec.Text, AttachmentType = spec.AttachmentType };
        return await store.SaveTemplateAsync(corpId, entry, cancellationToken) ? entry : null;
    }

    /// <summary>WeCom's copy of the template (text and attachment), or null when the gateway does not know it.</summary>
    public async Task<GetGroupWelcomeTemplateResponse?> GetTemplateAsync(string corpId, string templateId, CancellationToken cancellationToken)
    {
        if (!(await store.ListTemplatesAsync(corpId, cancellationToken)).Any(t => t.TemplateId == templateId) || await TokenAsync(corpId, cancellationToken) is not { } token)
        {
            return null;
        }

        return await wecom.GetGroupWelcomeTemplateAsync(new GroupWelcomeTemplateIdRequest(templateId), token, cancellationToken);
    }

    public async Task<bool> DeleteTemplateAsync(string corpId, string templateId, CancellationToken cancellationToken)
    {
        if (!(await store.ListTemplatesAsync(corpId, cancellationToken)).Any(t => t.TemplateId == templateId) || await TokenAsync(corpId, cancellationToken) is not { } token)
        {
            return false;
        }

        await wecom.DeleteGroupWelcomeTemplateAsync(new GroupWelcomeTemplateIdRequest(templateId), token, cancellationToken);
        return await store.DeleteTemplateAsync(corpId, templateId, cancellationToken);
    }

    private async Task<TokenKey?> TokenAsync(string corpId, CancellationToken cancellationToken) =>
        (await grants.SelectAsync(corpId, cancellationToken))?.TokenKey;

    /// <summary>The way as WeCom has it now (the QR code comes only from get_join_way), keeping a store's campaign and store.</summary>
    private async Task<GroupJoinWay> ReadAsync(string configId, GroupJoinWay? before, TokenKey token, CancellationToken cancellationToken)
    {
        var way = (await wecom.GetJoinWayAsync(new JoinWayIdRequest(configId), token, cancellationToken)).JoinWay!;
        return new GroupJoinWay(
            configId, way.Scene, way.Remark, way.State is { Length: > 0 } s ? s : null, way.ChatIds, way.AutoCreateRoom == 1,
            way.RoomBaseName is { Length: > 0 } n ? n : null, way.RoomBaseId, way.QrCode, before?.CampaignId, before?.StoreId,
            before?.CreatedAt ?? time.GetUtcNow());
    }
}
