using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using WeComGateway.Emulator;

namespace WeComGateway.Testing;

/// <summary>How to host a <see cref="WeComEmulator"/>.</summary>
public sealed record WeComEmulatorOptions
{
    /// <summary>The emulator's clock (token lifetimes, planned delays); share the test's <c>FakeTimeProvider</c> to move both.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>On a loopback port (real HTTP) instead of in process; for hosts that reach WeCom over the network.</summary>
    public bool OverHttp { get; init; }

    /// <summary>The loopback port when <see cref="OverHttp"/>; 0 takes a free one.</summary>
    public int Port { get; init; }

    /// <summary>Lifetime of the tokens it issues (WeCom: 7200 s).</summary>
    public TimeSpan? TokenLifetime { get; init; }

    /// <summary>Calls the log keeps (the emulator's default: 2000).</summary>
    public int? CallLogCapacity { get; init; }

    /// <summary>Follow users per externalcontact/get answer before a <c>next_cursor</c> (WeCom and the emulator: 500).</summary>
    public int? FollowUserPageSize { get; init; }

    /// <summary>
    /// The corp an auth code that is neither registered nor <c>AUTH-{corpid}</c> authorizes. Empty by default: WeCom
    /// refuses a made-up code (40078), and a test registers the codes it uses (<see cref="WeComEmulator.IssueAuthCodeAsync"/>).
    /// </summary>
    public string DefaultCorpId { get; init; } = string.Empty;

    /// <summary>Mass messages a customer receives from one corp a natural month before status 3 (WeCom and the emulator: 4).</summary>
    public int? GroupMessageMonthlyLimit { get; init; }

    /// <summary>Members confirm a mass message the moment it is created, instead of at <see cref="WeComEmulator.ConfirmGroupMessageAsync"/>.</summary>
    public bool AutoConfirmGroupMessages { get; init; }
}

/// <summary>
/// The one WeCom stand-in for behaviour: <c>src/WeComGateway.Emulator</c> (stateful open APIs with real tokens and
/// errcodes) hosted for one test, in process behind a TestServer handler or on a loopback port. Point the gateway's
/// client at it with <see cref="ApiBaseUrl"/> (<c>WeCom:ApiBaseUrl</c>) and, in process, <see cref="Serve"/>; steer it
/// (authorizations, console tags, planned failures, early token expiry) and read what it was asked (its call log and
/// state) through the emulator's own <c>/emulator/…</c> endpoints, so a test reads the same whichever way it is hosted.
/// </summary>
public sealed class WeComEmulator : IAsyncDisposable
{
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly WebApplication _app;
    private readonly HttpClient _steering;

    private WeComEmulator(WebApplication app, Uri baseAddress, bool overHttp)
    {
        _app = app;
        BaseAddress = baseAddress;
        OverHttp = overHttp;
        _steering = CreateClient();
    }

    public Uri BaseAddress { get; }

    public bool OverHttp { get; }

    /// <summary>The value for <c>WeCom:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl => BaseAddress.ToString().TrimEnd('/');

    public static Task<WeComEmulator> StartAsync() => StartAsync(new WeComEmulatorOptions());

    public static async Task<WeComEmulator> StartAsync(WeComEmulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear(); // no appsettings or environment: only what the test says
        var settings = new Dictionary<string, string?> { ["Emulator:DefaultCorpId"] = options.DefaultCorpId };
        if (options.TokenLifetime is { } lifetime)
        {
            settings["Emulator:TokenLifetime"] = lifetime.ToString("c", CultureInfo.InvariantCulture);
        }

        if (options.CallLogCapacity is { } capacity)
        {
            settings["Emulator:CallLogCapacity"] = capacity.ToString(CultureInfo.InvariantCulture);
        }

        if (options.FollowUserPageSize is { } pageSize)
        {
            settings["Emulator:FollowUserPageSize"] = pageSize.ToString(CultureInfo.InvariantCulture);
        }

        if (options.GroupMessageMonthlyLimit is { } monthlyLimit)
        {
            settings["Emulator:GroupMessageMonthlyLimit"] = monthlyLimit.ToString(CultureInfo.InvariantCulture);
        }

        if (options.AutoConfirmGroupMessages)
        {
            settings["Emulator:AutoConfirmGroupMessages"] = "true";
        }

        builder.Configuration.AddInMemoryCollection(settings);

        builder.Logging.ClearProviders();
        if (options.Time is { } time)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddWeComEmulator();
        if (options.OverHttp)
        {
            builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.Port}"));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        var app = builder.Build();
        app.MapWeComEmulator();
        await app.StartAsync();
        var baseAddress = options.OverHttp ? new Uri(app.Urls.First()) : app.GetTestServer().BaseAddress;
        return new WeComEmulator(app, baseAddress, options.OverHttp);
    }

    /// <summary>A handler that reaches the emulator: the TestServer's in process, a plain socket handler over HTTP.</summary>
    public HttpMessageHandler CreateHandler() => OverHttp ? new SocketsHttpHandler() : _app.GetTestServer().CreateHandler();

    public HttpClient CreateClient() => new(CreateHandler()) { BaseAddress = BaseAddress };

    /// <summary>
    /// In process, every <c>HttpClient</c> the container's factory builds (the gateway's WeCom clients) goes through the
    /// emulator's handler; over HTTP nothing is needed beyond <c>WeCom:ApiBaseUrl</c>. A post-configuration, so it wins
    /// over the primary handler a client sets for itself (Refit does), wherever it is called.
    /// </summary>
    public IServiceCollection Serve(IServiceCollection services)
    {
        if (!OverHttp)
        {
            services.PostConfigureAll<HttpClientFactoryOptions>(
                options => options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.PrimaryHandler = CreateHandler()));
        }

        return services;
    }

    // ---- reading what WeCom was asked ----

    public async Task<EmulatorSnapshot> StateAsync() =>
        (await _steering.GetFromJsonAsync<EmulatorSnapshot>("/emulator/state", StateJson))!;

    /// <summary>The calls WeCom received, oldest first; of one API (<c>externalcontact/mark_tag</c>) when given.</summary>
    public async Task<IReadOnlyList<EmulatorCall>> CallsAsync(string? api = null) =>
        [.. (await StateAsync()).Calls.Reverse().Where(c => api is null || c.Api() == api)];

    public async Task<int> CountAsync(string api) => (await CallsAsync(api)).Count;

    /// <summary>The bodies of one API's calls, oldest first, read as <typeparamref name="T"/> (the gateway's request DTO).</summary>
    public async Task<IReadOnlyList<T>> RequestsAsync<T>(string api) => [.. (await CallsAsync(api)).Select(c => c.Body<T>())];

    /// <summary>The id WeCom gave the tag, or null when the corp has no tag of that name in that group.</summary>
    public async Task<string?> TagIdAsync(string corpId, string group, string name) =>
        (await StateAsync()).Tags.Where(g => g.Corpid == corpId && g.GroupName == group).SelectMany(g => g.Tags).FirstOrDefault(t => t.TagName == name)?.TagId;

    /// <summary>The corp's tag groups in WeCom's order, each with its tags.</summary>
    public async Task<IReadOnlyList<EmulatorTagGroup>> TagGroupsAsync(string corpId) => [.. (await StateAsync()).Tags.Where(g => g.Corpid == corpId)];

    /// <summary>One line per call, for failure messages.</summary>
    public async Task<string> DescribeCallsAsync() =>
        "WeCom saw: " + string.Join(", ", (await CallsAsync()).Select(c => $"{c.Api()}={(c.Status == 200 ? c.Errcode : c.Status)}"));

    // ---- what happens at WeCom without the gateway asking ----

    /// <summary>The corp has the app installed (as if earlier) with this permanent code; returns the code.</summary>
    public async Task<string> AuthorizeAsync(string corpId, string? corpName = null, string? permanentCode = null)
    {
        permanentCode ??= "PERM-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        await SteerAsync("/emulator/corps", new { corpid = corpId, corp_name = corpName, permanent_code = permanentCode });
        return permanentCode;
    }

    /// <summary>What get_user_behavior_data answers for the member on that day (China time).</summary>
    public Task SetBehaviorAsync(string corpId, string userId, DateOnly day, long newContacts, long negativeFeedback) =>
        SteerAsync("/emulator/behavior", new
        {
            corpid = corpId, userid = userId, day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            new_contact_cnt = newContacts, negative_feedback_cnt = negativeFeedback,
        });

    public Task RenameCorpAsync(string corpId, string corpName) => SteerAsync("/emulator/corps", new { corpid = corpId, corp_name = corpName });

    /// <summary>An auth code (create_auth, reset_permanent_code) that get_permanent_code exchanges once for this corp.</summary>
    public async Task<string> IssueAuthCodeAsync(string corpId, string? corpName = null, string? permanentCode = null, string? authCode = null) =>
        (string)(await SteerAsync("/emulator/auth-codes", new { corpid = corpId, corp_name = corpName, permanent_code = permanentCode, auth_code = authCode }))!["auth_code"]!;

    /// <summary>The corp took the app away: its permanent codes answer 40084.</summary>
    public Task RevokeAsync(string corpId) => SteerAsync("/emulator/revoke", new { corpid = corpId });

    /// <summary>A tag an admin created in the WeCom console (not an API call); returns its id.</summary>
    public async Task<string> AddTagAsync(string corpId, string group, string name)
    {
        var answer = await SteerAsync("/emulator/tags", new { corpid = corpId, group_name = group, tag = new[] { new { name } } });
        return (string?)answer?["tag_group"]?["tag"]?[0]?["id"] ?? throw new InvalidOperationException($"The console refused the tag: {answer}");
    }

    /// <summary>
    /// The employee <paramref name="userId"/> tags the customer by hand in the WeCom app (no callback: the gateway hears
    /// of it only through edit_external_contact), adding and removing tags of the corp's library by group and name.
    /// </summary>
    public Task TagByHandAsync(
        string corpId, string externalUserId, string userId, IEnumerable<(string Group, string Name)>? add = null, IEnumerable<(string Group, string Name)>? remove = null) =>
        SteerAsync("/emulator/customer-tags", new
        {
            corpid = corpId,
            external_userid = externalUserId,
            userid = userId,
            add_tag = (add ?? []).Select(t => new { group_name = t.Group, tag_name = t.Name }),
            remove_tag = (remove ?? []).Select(t => new { group_name = t.Group, tag_name = t.Name }),
        });

    /// <summary>Many tags an admin created in the console in one go, into one group (created when new).</summary>
    public Task AddTagsAsync(string corpId, string group, IEnumerable<string> names) =>
        SteerAsync("/emulator/tags", new { corpid = corpId, group_name = group, tag = names.Select(name => new { name }) });

    /// <summary>The customer's WeChat name, as externalcontact/get answers it.</summary>
    public Task NameCustomerAsync(string corpId, string externalUserId, string name) =>
        SteerAsync("/emulator/customers", new { corpid = corpId, external_userid = externalUserId, name });

    /// <summary>The phone numbers the member keeps in the customer's remark (externalcontact/get's <c>remark_mobiles</c>).</summary>
    public Task SetRemarkMobilesAsync(string corpId, string externalUserId, string userId, params string[] mobiles) =>
        SteerAsync("/emulator/customers", new { corpid = corpId, external_userid = externalUserId, userid = userId, remark_mobiles = mobiles });

    /// <summary>The member left the corp: message/send answers them in <c>invaliduser</c>.</summary>
    public Task DepartAsync(string corpId, string userId) => SteerAsync("/emulator/departed", new { corpid = corpId, userid = userId });

    /// <summary>Every application message (message/send) the emulator took, newest first.</summary>
    public async Task<IReadOnlyList<EmulatorAppMessage>> MessagesAsync() =>
        (await _steering.GetFromJsonAsync<IReadOnlyList<EmulatorAppMessage>>("/emulator/messages", StateJson))!;

    /// <summary>Every moment task (add_moment_task) the emulator took, newest first: <c>corpid</c>, <c>jobid</c>, <c>reads</c>, <c>request</c>, <c>result</c>.</summary>
    public async Task<IReadOnlyList<JsonElement>> MomentsAsync() =>
        (await _steering.GetFromJsonAsync<IReadOnlyList<JsonElement>>("/emulator/moments", StateJson))!;

    /// <summary>
    /// The member (every member of the task when null) taps send on the corp's mass message in the WeCom app; returns
    /// how many members sent it now (0 when already sent or the task was cancelled). No msgid: every waiting one of the corp.
    /// </summary>
    public async Task<int> ConfirmGroupMessageAsync(string corpId, string? msgId, string? userId = null) =>
        (int)(await SteerAsync("/emulator/groupmsg/confirm", new { corpid = corpId, msgid = msgId, userid = userId }))!["confirmed"]!;

    /// <summary>The customer and the member are no longer friends (no callback): the member no longer follows the customer.</summary>
    public Task UnfollowAsync(string corpId, string externalUserId, string userId) =>
        SteerAsync("/emulator/unfollow", new { corpid = corpId, external_userid = externalUserId, userid = userId });

    /// <summary>Every mass message (add_msg_template) the emulator took, newest first, with per-member and per-customer statuses.</summary>
    public async Task<IReadOnlyList<EmulatorGroupMessage>> GroupMessagesAsync() =>
        (await _steering.GetFromJsonAsync<IReadOnlyList<EmulatorGroupMessage>>("/emulator/groupmsg", StateJson))!;

    /// <summary>
    /// <paramref name="count"/> customers the corp's members had before the install (get_follow_user_list and
    /// batch/get_by_user list them), spread over <paramref name="followUsers"/> (default zhangsan, lisi, wangwu), tagged
    /// from the corp's tag library (add the tags first). Returns their external user ids.
    /// </summary>
    public async Task<IReadOnlyList<string>> SeedExistingCustomersAsync(string corpId, int count, IReadOnlyList<string>? followUsers = null)
    {
        var answer = await SteerAsync("/emulator/existing-customers", new { corpid = corpId, count, follow_users = followUsers ?? [] });
        return [.. answer!["external_userids"]!.AsArray().Select(id => (string)id!)];
    }

    /// <summary>A valid corp token, as if the gateway had fetched it.</summary>
    public async Task<string> CorpTokenAsync(string corpId) => (string)(await SteerAsync("/emulator/tokens", new { corpid = corpId }))!["access_token"]!;

    public async Task<string> SuiteTokenAsync(string suiteId) => (string)(await SteerAsync("/emulator/tokens", new { suite_id = suiteId }))!["suite_access_token"]!;

    /// <summary>The corp's current token expires now: WeCom answers 42001 to it and get_corp_token issues a new one.</summary>
    public Task ExpireCorpTokenAsync(string corpId) => SteerAsync("/emulator/expire", new { corpid = corpId });

    /// <summary>The media id (every valid media id of the corp when null) expires now: WeCom answers 40007 for it from here on.</summary>
    public Task ExpireMediaAsync(string corpId, string? mediaId = null) => SteerAsync("/emulator/media/expire", new { corpid = corpId, media_id = mediaId });

    // ---- planned failures ----

    /// <summary>The next <paramref name="times"/> calls of <paramref name="api"/> (of one corp when given) answer <paramref name="errcode"/>.</summary>
    public Task FailAsync(string api, int errcode, int times = 1, string? corpId = null, string? errmsg = null) =>
        PlanAsync(new EmulatorFailurePlan(api, errcode, times, Errmsg: errmsg, Corpid: corpId));

    /// <summary>Every call of <paramref name="api"/> answers <paramref name="errcode"/> until <see cref="HealAsync"/>.</summary>
    public Task FailAlwaysAsync(string api, int errcode, string? corpId = null, string? errmsg = null) =>
        PlanAsync(new EmulatorFailurePlan(api, errcode, Always: true, Errmsg: errmsg, Corpid: corpId));

    /// <summary>Calls answer an HTTP error page with <paramref name="status"/> (502, 503 …), next <paramref name="times"/> or always.</summary>
    public Task AnswerHttpAsync(string api, int status, int times = 1, bool always = false, string? corpId = null) =>
        PlanAsync(new EmulatorFailurePlan(api, Times: times, Always: always, HttpStatus: status, Corpid: corpId));

    /// <summary>
    /// WeCom acts on the call at once but answers only after <paramref name="delay"/> (on the emulator's clock), or at
    /// <see cref="ReleaseAsync"/>; the next <paramref name="times"/> calls, or always.
    /// </summary>
    public Task SlowAsync(string api, TimeSpan delay, int times = 1, bool always = false) =>
        PlanAsync(new EmulatorFailurePlan(api, Times: times, Always: always, DelayMs: (int)delay.TotalMilliseconds));

    public async Task PlanAsync(EmulatorFailurePlan failure)
    {
        using var response = await _steering.PostAsJsonAsync("/emulator/fail", failure, StateJson);
        await EnsureAsync(response);
    }

    /// <summary>Clears the planned failures, of one API when given.</summary>
    public async Task HealAsync(string? api = null)
    {
        using var response = await _steering.DeleteAsync(api is null ? "/emulator/fail" : "/emulator/fail?path=" + Uri.EscapeDataString(api));
        await EnsureAsync(response);
    }

    /// <summary>Answers every call that waits out a planned delay now.</summary>
    public async Task ReleaseAsync()
    {
        using var response = await _steering.PostAsync("/emulator/release", null);
        await EnsureAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        _steering.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<JsonObject?> SteerAsync(string path, object body)
    {
        using var response = await _steering.PostAsJsonAsync(path, body);
        await EnsureAsync(response);
        return response.Content.Headers.ContentLength == 0 ? null : await response.Content.ReadFromJsonAsync<JsonObject>();
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The emulator refused {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
