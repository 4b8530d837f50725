using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeComGateway.Storage.StoreCodes;

/// <summary>How the store-code records are kept in Redis hash fields.</summary>
internal static class StoreCodeJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    /// <summary>The field of a store's code in the codes hash.</summary>
    public static string CodeField(string campaignId, string storeId) => $"{campaignId}:{storeId}";
}
