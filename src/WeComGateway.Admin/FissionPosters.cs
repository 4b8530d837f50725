using WeComGateway.Storage.Fission;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Admin;

/// <summary>
/// Gives a participant their state and poster: the state is reserved in the store first (a fresh code until one is
/// free), then the contact way is created through add_contact_way (QR code, the campaign's employees, that state) and
/// stored unless another call stored one first — whose contact way is then kept and this one deleted.
/// </summary>
public sealed class FissionPosters(IFissionStore store, CorpGrantSelector grants, IWeComExternalContactApi api, TimeProvider time)
{
    private const int StateAttempts = 5;
    private const int MaxRemarkLength = 30;

    /// <returns>The participant with their poster; null result with <see cref="FissionJoinResult"/> when refused.</returns>
    public async Task<(FissionJoinResult Result, FissionParticipant? Participant)> JoinAsync(
        string corpId, FissionCampaign campaign, string externalUserId, CancellationToken cancellationToken)
    {
        FissionJoin join = new(FissionJoinResult.StateTaken, null);
        for (var attempt = 0; attempt < StateAttempts && join.Result == FissionJoinResult.StateTaken; attempt++)
        {
            join = await store.JoinAsync(corpId, campaign.Id, externalUserId, FissionStates.NewState(campaign.StatePrefix), time.GetUtcNow(), cancellationToken);
        }

        if (join.Participant is not { State: { } state } participant || join.Result is not (FissionJoinResult.Joined or FissionJoinResult.AlreadyJoined))
        {
            return (join.Result, null);
        }

        if (participant.PosterUrl is not null)
        {
            return (join.Result, participant);
        }

        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return (FissionJoinResult.NotAuthorized, null);
        }

        var created = await api.AddContactWayAsync(
            new AddContactWayRequest(Type: campaign.Employees.Count == 1 ? 1 : 2, Scene: 2)
            {
                State = state,
                User = campaign.Employees,
                SkipVerify = true,
                Remark = campaign.Name.Length <= MaxRemarkLength ? campaign.Name : campaign.Name[..MaxRemarkLength],
            },
            grant.TokenKey,
            cancellationToken);
        var configId = created.ConfigId ?? throw new InvalidOperationException("add_contact_way answered without a config_id.");
        var stored = await store.SetPosterAsync(corpId, campaign.Id, externalUserId, configId, created.QrCode ?? string.Empty, cancellationToken);
        if (stored?.ConfigId != configId)
        {
            await api.DeleteContactWayAsync(new ContactWayIdRequest(configId), grant.TokenKey, cancellationToken);
        }

        return stored is null ? (FissionJoinResult.NotAuthorized, null) : (join.Result, stored);
    }
}
