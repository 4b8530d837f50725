using System.ComponentModel.DataAnnotations;

namespace WeComGateway.Emulator;

/// <summary>The <c>Emulator</c> configuration section.</summary>
internal sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>How long provider, suite and corp tokens live (WeCom: 7200 s). Shorten it to demo expiry.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>
    /// The corp an auth code that is neither registered (<c>/emulator/auth-codes</c>) nor <c>AUTH-{corpid}</c> authorizes
    /// (the embedded default sets its demo corp). Empty: such codes are invalid (40078), as WeCom answers a made-up code.
    /// </summary>
    public string DefaultCorpId { get; set; } = "ww0000emulator0001";

    /// <summary>
    /// Follow users per externalcontact/get answer; more come with a <c>next_cursor</c> (WeCom: 500). Lower it to see
    /// the paging without 500 employees.
    /// </summary>
    [Range(1, 500)]
    public int FollowUserPageSize { get; set; } = 500;

    /// <summary>Contact ways (联系我) a corp may create through the API (WeCom: 500,000); lower it to see the limit.</summary>
    [Range(1, 500_000)]
    public int MaxContactWays { get; set; } = 500_000;

    /// <summary>How long an uploaded media id stays valid (WeCom: 3 days). Shorten it to see expiry and re-uploads.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3.00:00:00")]
    public TimeSpan MediaLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long a moment task (add_moment_task) takes until get_moment_task_result reads it done (status 3).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MomentTaskDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many calls the request log keeps (oldest dropped first).</summary>
    [Range(1, 100_000)]
    public int CallLogCapacity { get; set; } = 2000;
}
