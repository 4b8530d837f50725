using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeComGateway.Storage.Campaigns;

/// <summary>The JSON of campaign records, plans and tasks, shared by the Redis store and its in-memory twin.</summary>
internal static class CampaignJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is empty.");

    /// <summary>The hash field of a task.</summary>
    public static string TaskField(string key) => "task:" + key;
}
