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

    /// <summary>
    /// Mass messages a customer receives from one corp in a natural month (China time) before the next ones answer
    /// status 3 (WeCom: 4). Lower it to see the limit sooner.
    /// </summary>
    [Range(1, 1000)]
    public int GroupMessageMonthlyLimit { get; set; } = 4;

    /// <summary>
    /// Every member confirms a mass message the moment it is created (for demos); otherwise it waits for
    /// <c>/emulator/groupmsg/confirm</c>, as WeCom waits for the member to tap send.
    /// </summary>
    public bool AutoConfirmGroupMessages { get; set; }
    /// <summary>How long a moment task (add_moment_task) takes until get_moment_task_result reads it done (status 3).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MomentTaskDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many calls the request log keeps (oldest dropped first).</summary>
    [Range(1, 100_000)]
    public int CallLogCapacity { get; set; } = 2000;
}
