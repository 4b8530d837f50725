using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeComGateway.Storage.Fission;

/// <summary>
/// The JSON the Redis scripts read and write (short names, times in unix ms, the window in seconds), shared by the
/// in-memory twin so that both keep the same shapes.
/// </summary>
internal static class FissionRecords
{
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(FissionCampaign c) => JsonSerializer.Serialize(
        new CampaignRecord(c.Id, c.Name, c.StatePrefix, c.Goal, c.Reward, [.. c.Employees], c.StartsAt.ToUnixTimeMilliseconds(),
            c.EndsAt.ToUnixTimeMilliseconds(), (long)c.DeleteWindow.TotalSeconds, c.CreatedAt.ToUnixTimeMilliseconds()),
        Json);

    public static FissionCampaign ReadCampaign(string json)
    {
        var r = JsonSerializer.Deserialize<CampaignRecord>(json, Json) ?? throw new InvalidDataException("A fission campaign record is empty.");
        return new FissionCampaign(r.Id, r.Name, r.Prefix, r.Goal, r.Reward, r.Employees, Time(r.Start), Time(r.End), TimeSpan.FromSeconds(r.Window), Time(r.Created));
    }

    public static ParticipantRecord ReadParticipant(string json) =>
        JsonSerializer.Deserialize<ParticipantRecord>(json, Json) ?? throw new InvalidDataException("A fission participant record is empty.");

    public static string Write(ParticipantRecord p) => JsonSerializer.Serialize(p, Json);

    public static FissionParticipant View(ParticipantRecord p, long credited, long level2, long level3, bool goalReached) =>
        new(p.C, p.P, p.State, p.Inviter, p.Depth, p.Source, p.Config, p.Poster, Time(p.Joined), credited, level2, level3, goalReached);

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    internal sealed record CampaignRecord(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("prefix")] string Prefix,
        [property: JsonPropertyName("goal")] int Goal,
        [property: JsonPropertyName("reward")] string Reward,
        [property: JsonPropertyName("employees")] string[] Employees,
        [property: JsonPropertyName("start")] long Start,
        [property: JsonPropertyName("end")] long End,
        [property: JsonPropertyName("window")] long Window,
        [property: JsonPropertyName("created")] long Created);

    internal sealed record ParticipantRecord(
        [property: JsonPropertyName("c")] string C,
        [property: JsonPropertyName("p")] string P,
        [property: JsonPropertyName("state")] string? State,
        [property: JsonPropertyName("inviter")] string? Inviter,
        [property: JsonPropertyName("depth")] int Depth,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("config")] string? Config,
        [property: JsonPropertyName("poster")] string? Poster,
        [property: JsonPropertyName("joined")] long Joined);
}
