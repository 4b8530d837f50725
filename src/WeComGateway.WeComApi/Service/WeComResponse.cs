using System.Text.Json.Serialization;

namespace WeComGateway.WeComApi.Service;

/// <summary>
/// Every WeCom answer: HTTP 200 with <c>errcode</c>/<c>errmsg</c>. The token and permanent-code APIs omit them on
/// success ("historical reasons"), so an absent errcode means 0.
/// </summary>
public class WeComResponse
{
    [JsonPropertyName("errcode")]
    public int ErrCode { get; set; }

    [JsonPropertyName("errmsg")]
    public string? ErrMsg { get; set; }
}
