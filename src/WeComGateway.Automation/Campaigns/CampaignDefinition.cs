using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeComGateway.Automation;

/// <summary>
/// Who a campaign goes to and what it says, as the admin API takes it and the campaign store keeps it
/// (<c>{"audience": {…}, "content": {…}}</c>, camelCase).
/// </summary>
public sealed record CampaignDefinition
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public CampaignAudience Audience { get; init; } = new();

    public CampaignContent Content { get; init; } = new();

    /// <summary>Every problem of audience and content, worded for an operator; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems() =>
        [.. (Audience ?? new()).Problems().Select(p => "audience: " + p), .. (Content ?? new()).Problems().Select(p => "content: " + p)];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="InvalidDataException">The JSON is not a campaign definition (unknown members are refused).</exception>
    public static CampaignDefinition FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CampaignDefinition>(json, Json) ?? throw new InvalidDataException("The campaign definition is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The campaign definition is not valid JSON for a campaign: {ex.Message}", ex);
        }
    }

    /// <summary>Reads audience or content JSON the way <see cref="FromJson"/> does (for the admin API's bodies).</summary>
    public static JsonSerializerOptions JsonOptions => Json;
}
