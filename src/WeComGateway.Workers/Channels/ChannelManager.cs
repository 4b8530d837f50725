using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using WeComGateway.Admin;
using WeComGateway.Storage.Channels;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Channels;

/// <summary>
/// A channel is a WeCom contact way plus the gateway's record of it: created at WeCom first (add_contact_way, QR
/// scene), then stored (a store refusal deletes the new contact way again); updated and deleted at WeCom, then in the
/// store. Calls go through the grant <see cref="CorpGrantSelector"/> picks.
/// </summary>
internal sealed partial class ChannelManager(
    IChannelStore store,
    IWeComExternalContactApi api,
    CorpGrantSelector grants,
    ChannelDirectoryProvider directory,
    TimeProvider time,
    ILogger<ChannelManager> logger) : IChannelManager
{
    private const int QrScene = 2;
    private const int SingleMember = 1;
    private const int SeveralMembers = 2;

    public async Task<ChannelChange> CreateAsync(string corpId, ChannelSpec spec, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return new ChannelChange(ChannelChangeStatus.NotAuthorized);
        }

        var id = "ch" + RandomNumberGenerator.GetHexString(10, lowercase: true);
        var state = spec.State ?? id;
        var existing = await store.ListAsync(corpId, cancellationToken);
        if (existing.Any(c => c.State == state || c.Name == spec.Name))
        {
            return new ChannelChange(ChannelChangeStatus.Conflict, Error: "another channel of the corp has this name or state");
        }

        AddContactWayResponse created;
        try
        {
            created = await api.AddContactWayAsync(
                new AddContactWayRequest(spec.Owners.Count == 1 ? SingleMember : SeveralMembers, QrScene)
                {
                    Remark = spec.Remark,
                    SkipVerify = spec.SkipVerify,
                    State = state,
                    User = spec.Owners,
                    IsTemp = spec.ExpiresInSeconds is null ? null : true,
                    ExpiresIn = spec.ExpiresInSeconds,
                },
                grant.TokenKey,
                cancellationToken);
        }
        catch (WeComApiException ex) when (ex.Kind == WeComErrorKind.Permanent)
        {
            return Refused(corpId, "add_contact_way", ex);
        }

        var now = time.GetUtcNow();
        var channel = new Channel
        {
            Id = id,
            Name = spec.Name,
            State = state,
            ConfigId = created.ConfigId ?? string.Empty,
            QrCode = created.QrCode,
            Campaign = spec.Campaign,
            Medium = spec.Medium,
            Owners = spec.Owners,
            WelcomeTemplateId = spec.WelcomeTemplateId,
            Tags = spec.Tags,
            SkipVerify = spec.SkipVerify,
            Remark = spec.Remark,
            IsTemporary = spec.ExpiresInSeconds is not null,
            ExpiresAt = spec.ExpiresInSeconds is { } seconds ? now.AddSeconds(seconds) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var written = await store.AddAsync(corpId, channel, cancellationToken);
        if (written != ChannelWriteResult.Written)
        {
            await api.DeleteContactWayAsync(new ContactWayIdRequest(channel.ConfigId), grant.TokenKey, CancellationToken.None);
            return written == ChannelWriteResult.NotAuthorized
                ? new ChannelChange(ChannelChangeStatus.NotAuthorized)
                : new ChannelChange(ChannelChangeStatus.Conflict, Error: "another channel of the corp took this name or state meanwhile");
        }

        directory.Forget(corpId);
        LogCreated(corpId, channel.Id, channel.State, spec.Owners.Count);
        return new ChannelChange(ChannelChangeStatus.Done, channel);
    }

    public async Task<ChannelChange> UpdateAsync(string corpId, string channelId, ChannelSpec spec, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return new ChannelChange(ChannelChangeStatus.NotAuthorized);
        }

        if (await store.GetAsync(corpId, channelId, cancellationToken) is not { } stored)
        {
            return new ChannelChange(ChannelChangeStatus.NotFound);
        }

        if (spec.State is { } state && state != stored.State)
        {
            return new ChannelChange(ChannelChangeStatus.Conflict, Error: "a channel's state never changes (its statistics are counted by it); create another channel");
        }

        if (stored.IsTemporary && spec.Owners.Count != 1)
        {
            return new ChannelChange(ChannelChangeStatus.Conflict, Error: "a temporary channel has exactly one owner");
        }

        try
        {
            await api.UpdateContactWayAsync(
                new UpdateContactWayRequest(stored.ConfigId) { Remark = spec.Remark ?? string.Empty, SkipVerify = spec.SkipVerify, User = spec.Owners },
                grant.TokenKey,
                cancellationToken);
        }
        catch (WeComApiException ex) when (ex.Kind == WeComErrorKind.Permanent)
        {
            return Refused(corpId, "update_contact_way", ex);
        }

        var channel = stored with
        {
            Name = spec.Name,
            Campaign = spec.Campaign,
            Medium = spec.Medium,
            Owners = spec.Owners,
            WelcomeTemplateId = spec.WelcomeTemplateId,
            Tags = spec.Tags,
            SkipVerify = spec.SkipVerify,
            Remark = spec.Remark,
            UpdatedAt = time.GetUtcNow(),
        };
        var written = await store.UpdateAsync(corpId, channel, cancellationToken);
        directory.Forget(corpId);
        return written switch
        {
            ChannelWriteResult.Written => new ChannelChange(ChannelChangeStatus.Done, channel),
            ChannelWriteResult.NotFound => new ChannelChange(ChannelChangeStatus.NotFound),
            ChannelWriteResult.NotAuthorized => new ChannelChange(ChannelChangeStatus.NotAuthorized),
            _ => new ChannelChange(ChannelChangeStatus.Conflict, Error: "another channel of the corp has this name"),
        };
    }

    public async Task<ChannelChange> DeleteAsync(string corpId, string channelId, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return new ChannelChange(ChannelChangeStatus.NotAuthorized);
        }

        if (await store.GetAsync(corpId, channelId, cancellationToken) is not { } stored)
        {
            return new ChannelChange(ChannelChangeStatus.NotFound);
        }

        try
        {
            await api.DeleteContactWayAsync(new ContactWayIdRequest(stored.ConfigId), grant.TokenKey, cancellationToken);
        }
        catch (WeComApiException ex) when (ex.ErrCode == ContactWayErrCodes.InvalidConfigId)
        {
            LogAlreadyGone(corpId, channelId); // deleted at WeCom before (a retried delete, or by hand): the record goes too
        }
        catch (WeComApiException ex) when (ex.Kind == WeComErrorKind.Permanent)
        {
            return Refused(corpId, "del_contact_way", ex);
        }

        await store.DeleteAsync(corpId, channelId, cancellationToken);
        directory.Forget(corpId);
        LogDeleted(corpId, channelId, stored.State);
        return new ChannelChange(ChannelChangeStatus.Done, stored);
    }

    private ChannelChange Refused(string corpId, string apiName, WeComApiException ex)
    {
        LogRefused(corpId, apiName, ex.ErrCode);
        return new ChannelChange(ChannelChangeStatus.WeComRefused, Error: $"WeCom refused {apiName} with errcode {ex.ErrCode}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: channel {ChannelId} created (state {State}, {Owners} owners)")]
    private partial void LogCreated(string corpId, string channelId, string state, int owners);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: channel {ChannelId} (state {State}) deleted; its statistics stay")]
    private partial void LogDeleted(string corpId, string channelId, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: channel {ChannelId}'s contact way was gone at WeCom already")]
    private partial void LogAlreadyGone(string corpId, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: WeCom refused {Api} with errcode {ErrCode}")]
    private partial void LogRefused(string corpId, string api, int errCode);
}

/// <summary>Contact-way answers the channel manager acts on.</summary>
internal static class ContactWayErrCodes
{
    /// <summary>WeCom's "invalid parameter", which it answers for an unknown config_id.</summary>
    public const int InvalidConfigId = 40058;
}
