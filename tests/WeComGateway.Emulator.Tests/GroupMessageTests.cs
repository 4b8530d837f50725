using System.Text.Json.Nodes;
using WeComGateway.Testing;

namespace WeComGateway.Emulator.Tests;

/// <summary>Mass messages (企业群发): the member's confirmation, statuses 1/2/3, WeCom's limits, errcodes and paging.</summary>
public sealed class GroupMessageTests
{
    private const string Corp = "wwcorp1";

    /// <summary>Customers 0, 2 of zhangsan; 1, 3 of lisi; customer 0 followed by lisi too (an hour later).</summary>
    private static async Task<(EmulatorApp App, string Token, IReadOnlyList<string> Customers)> StartAsync(
        int customers = 4, Func<WeComEmulatorOptions, WeComEmulatorOptions>? configure = null)
    {
        var app = await EmulatorApp.StartAsync(configure: configure);
        var token = await app.CorpTokenAsync(Corp);
        var seeded = await app.Emulator.SeedExistingCustomersAsync(Corp, customers, ["zhangsan", "lisi"]);
        return (app, token, seeded);
    }

    private static Task<JsonObject> CallAsync(EmulatorApp app, string token, string api, object body) =>
        app.PostAsync($"/cgi-bin/externalcontact/{api}?access_token={token}", body);

    private static Task<JsonObject> AddAsync(EmulatorApp app, string token, IEnumerable<string>? customers, string? sender = "zhangsan", string? text = "双十二特惠") =>
        CallAsync(app, token, "add_msg_template", new { external_userid = customers, sender, text = text is null ? null : new { content = text } });

    private static async Task<string> CreateAsync(EmulatorApp app, string token, IEnumerable<string> customers, string? sender = "zhangsan")
    {
        var answer = await AddAsync(app, token, customers, sender);
        Assert.Equal(0, answer.Errcode());
        return (string)answer["msgid"]!;
    }

    private static async Task<IReadOnlyList<(string UserId, int Status)>> TasksAsync(EmulatorApp app, string token, string msgId) =>
        [.. (await CallAsync(app, token, "get_groupmsg_task", new { msgid = msgId }))["task_list"]!.AsArray()
            .Select(t => ((string)t!["userid"]!, (int)t["status"]!))];

    private static async Task<IReadOnlyList<(string Customer, int Status)>> ResultsAsync(EmulatorApp app, string token, string msgId, string userId) =>
        [.. (await CallAsync(app, token, "get_groupmsg_send_result", new { msgid = msgId, userid = userId }))["send_list"]!.AsArray()
            .Select(r => ((string)r!["external_userid"]!, (int)r["status"]!))];

    [Fact]
    public async Task A_mass_message_waits_for_the_member_and_goes_to_the_customers_the_sender_follows()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;

        var answer = await AddAsync(app, token, [c[0], c[1], c[2], "wmNobody"]);

        Assert.Equal(0, answer.Errcode());
        Assert.StartsWith("msgGAAA", (string)answer["msgid"]!, StringComparison.Ordinal);
        Assert.Equal([c[1], "wmNobody"], answer["fail_list"]!.AsArray().Select(id => (string)id!));
        var msgId = (string)answer["msgid"]!;
        Assert.Equal([("zhangsan", 0)], await TasksAsync(app, token, msgId));
        Assert.Equal([(c[0], 0), (c[2], 0)], await ResultsAsync(app, token, msgId, "zhangsan"));

        Assert.Equal(1, await app.Emulator.ConfirmGroupMessageAsync(Corp, msgId, "zhangsan"));

        var task = (await CallAsync(app, token, "get_groupmsg_task", new { msgid = msgId }))["task_list"]![0]!;
        Assert.Equal(2, (int)task["status"]!);
        Assert.Equal(app.Time.GetUtcNow().ToUnixTimeSeconds(), (long)task["send_time"]!);
        Assert.Equal([(c[0], 1), (c[2], 1)], await ResultsAsync(app, token, msgId, "zhangsan"));
        Assert.Equal(0, await app.Emulator.ConfirmGroupMessageAsync(Corp, msgId)); // sent once only
    }

    [Fact]
    public async Task Confirming_without_a_msgid_sends_every_waiting_part_of_the_corps_tasks_once()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;
        var first = await CreateAsync(app, token, [c[0], c[2]]);
        var second = await CreateAsync(app, token, [c[1], c[3]], sender: "lisi");

        Assert.Equal(2, await app.Emulator.ConfirmGroupMessageAsync(Corp, null));
        Assert.Equal(0, await app.Emulator.ConfirmGroupMessageAsync(Corp, null));

        Assert.Equal([(c[0], 1), (c[2], 1)], await ResultsAsync(app, token, first, "zhangsan"));
        Assert.Equal([(c[1], 1), (c[3], 1)], await ResultsAsync(app, token, second, "lisi"));
    }

    [Fact]
    public async Task Without_a_sender_each_customer_goes_to_the_member_who_followed_them_first_and_each_member_confirms_alone()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;

        var msgId = await CreateAsync(app, token, [c[0], c[1], c[3]], sender: null);
        await app.Emulator.ConfirmGroupMessageAsync(Corp, msgId, "lisi");

        Assert.Equal([("zhangsan", 0), ("lisi", 2)], await TasksAsync(app, token, msgId));
        Assert.Equal([(c[0], 0)], await ResultsAsync(app, token, msgId, "zhangsan"));
        Assert.Equal([(c[1], 1), (c[3], 1)], await ResultsAsync(app, token, msgId, "lisi"));
        var listed = Assert.Single(await app.Emulator.GroupMessagesAsync());
        Assert.Equal(["zhangsan", "lisi"], listed.Members.Select(m => m.Userid));
    }

    [Fact]
    public async Task A_sender_alone_takes_all_of_their_customers()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;

        var msgId = await CreateAsync(app, token, [], sender: "lisi");

        Assert.Equal(new[] { c[0], c[1], c[3] }.Order(StringComparer.Ordinal), (await ResultsAsync(app, token, msgId, "lisi")).Select(r => r.Customer));
    }

    [Fact]
    public async Task WeComs_limits_are_refused_with_its_errcodes()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;
        object Attachments(int count, string mediaId = "MEDIA") => Enumerable.Range(0, count).Select(_ => new { msgtype = "image", image = new { media_id = mediaId } }).ToArray();

        Assert.Equal(40058, (await AddAsync(app, token, Enumerable.Range(0, 10_001).Select(i => $"wm{i}"))).Errcode());
        Assert.Equal(40058, (await AddAsync(app, token, null, sender: null)).Errcode());
        Assert.Equal(40058, (await AddAsync(app, token, [c[0]], text: new string('线', 1334))).Errcode()); // 4002 bytes
        Assert.Equal(40058, (await AddAsync(app, token, [c[0]], text: null)).Errcode());
        Assert.Equal(41064, (await CallAsync(app, token, "add_msg_template", new { external_userid = new[] { c[0] }, sender = "zhangsan", attachments = Attachments(10) })).Errcode());
        Assert.Equal(40007, (await CallAsync(app, token, "add_msg_template", new { external_userid = new[] { c[0] }, sender = "zhangsan", attachments = Attachments(1, "3emu-never-issued") })).Errcode());
        Assert.Equal(40003, (await AddAsync(app, token, [c[0]], sender: "wangwu")).Errcode());
        Assert.Equal(41048, (await AddAsync(app, token, [c[1], "wmNobody"])).Errcode());
        Assert.Equal(40058, (await CallAsync(app, token, "add_msg_template", new { chat_type = "group", sender = "zhangsan", text = new { content = "hi" } })).Errcode());
        Assert.Equal(0, (await AddAsync(app, token, [c[0]], text: new string('线', 1333))).Errcode()); // 3999 bytes
        Assert.Single(await app.Emulator.GroupMessagesAsync());
    }

    [Fact]
    public async Task A_customer_who_no_longer_follows_the_member_answers_status_2()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;
        var msgId = await CreateAsync(app, token, [c[0], c[2]]);

        await app.Emulator.UnfollowAsync(Corp, c[2], "zhangsan");
        await app.Emulator.ConfirmGroupMessageAsync(Corp, msgId);

        Assert.Equal([(c[0], 1), (c[2], 2)], await ResultsAsync(app, token, msgId, "zhangsan"));
    }

    [Fact]
    public async Task A_customer_gets_four_mass_messages_a_China_month_across_tasks_then_status_3_until_the_next_month()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateAsync(app, token, [c[0]]));
            await app.Emulator.ConfirmGroupMessageAsync(Corp, ids[^1]);
        }

        var statuses = await Task.WhenAll(ids.Select(async id => (await ResultsAsync(app, token, id, "zhangsan"))[0].Status));
        Assert.Equal([1, 1, 1, 1, 3], statuses);

        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 31, 15, 59, 0, TimeSpan.Zero)); // 23:59 in China: still December
        token = await app.Emulator.CorpTokenAsync(Corp);
        var december = await CreateAsync(app, token, [c[0]]);
        await app.Emulator.ConfirmGroupMessageAsync(Corp, december);
        app.Time.Advance(TimeSpan.FromMinutes(1)); // 2027-01-01 00:00 in China
        var january = await CreateAsync(app, token, [c[0]]);
        await app.Emulator.ConfirmGroupMessageAsync(Corp, january);

        Assert.Equal((c[0], 3), (await ResultsAsync(app, token, december, "zhangsan"))[0]);
        Assert.Equal((c[0], 1), (await ResultsAsync(app, token, january, "zhangsan"))[0]);
    }

    [Fact]
    public async Task The_monthly_limit_is_an_option_and_counts_only_messages_that_arrived()
    {
        var (app, token, c) = await StartAsync(configure: o => o with { GroupMessageMonthlyLimit = 1 });
        await using var _ = app;
        var first = await CreateAsync(app, token, [c[0], c[2]]);
        await app.Emulator.UnfollowAsync(Corp, c[2], "zhangsan");
        await app.Emulator.ConfirmGroupMessageAsync(Corp, first);
        await CallAsync(app, token, "mark_tag", new { userid = "zhangsan", external_userid = c[2] }); // friends again

        var second = await CreateAsync(app, token, [c[0], c[2]]);
        await app.Emulator.ConfirmGroupMessageAsync(Corp, second);

        Assert.Equal([(c[0], 1), (c[2], 2)], await ResultsAsync(app, token, first, "zhangsan"));
        Assert.Equal([(c[0], 3), (c[2], 1)], await ResultsAsync(app, token, second, "zhangsan"));
    }

    [Fact]
    public async Task Auto_confirm_sends_at_creation_for_demos()
    {
        var (app, token, c) = await StartAsync(configure: o => o with { AutoConfirmGroupMessages = true });
        await using var _ = app;

        var msgId = await CreateAsync(app, token, [c[0]]);

        Assert.Equal([("zhangsan", 2)], await TasksAsync(app, token, msgId));
        Assert.Equal(1, (await app.Emulator.GroupMessagesAsync())[0].Members[0].Customers[0].Status);
    }

    [Fact]
    public async Task Cancel_stops_the_members_who_have_not_sent_and_a_cancelled_task_cannot_be_reminded()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;
        var msgId = await CreateAsync(app, token, [c[0], c[1]], sender: null);
        await app.Emulator.ConfirmGroupMessageAsync(Corp, msgId, "zhangsan");

        Assert.Equal(0, (await CallAsync(app, token, "cancel_groupmsg_send", new { msgid = msgId })).Errcode());
        Assert.Equal(0, (await CallAsync(app, token, "cancel_groupmsg_send", new { msgid = msgId })).Errcode()); // again: still cancelled
        Assert.Equal(0, await app.Emulator.ConfirmGroupMessageAsync(Corp, msgId, "lisi"));

        Assert.Equal([("zhangsan", 2), ("lisi", 0)], await TasksAsync(app, token, msgId));
        Assert.Equal([(c[1], 0)], await ResultsAsync(app, token, msgId, "lisi"));
        Assert.Equal(41093, (await CallAsync(app, token, "remind_groupmsg_send", new { msgid = msgId })).Errcode());
        Assert.True((await app.Emulator.GroupMessagesAsync())[0].Cancelled);
    }

    [Fact]
    public async Task Unknown_or_missing_msgid_answers_41047_or_41046_everywhere()
    {
        var (app, token, _) = await StartAsync();
        await using var __ = app;

        foreach (var api in new[] { "get_groupmsg_task", "get_groupmsg_send_result", "remind_groupmsg_send", "cancel_groupmsg_send" })
        {
            Assert.Equal(41047, (await CallAsync(app, token, api, new { msgid = "msgGAAAunknown", userid = "zhangsan" })).Errcode());
            Assert.Equal(41046, (await CallAsync(app, token, api, new { userid = "zhangsan" })).Errcode());
        }
    }

    [Fact]
    public async Task A_task_is_reminded_at_most_three_times_in_24_hours()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;
        var msgId = await CreateAsync(app, token, [c[0]]);

        var answers = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await CallAsync(app, token, "remind_groupmsg_send", new { msgid = msgId })).Errcode());
            app.Time.Advance(TimeSpan.FromHours(1));
            token = await app.Emulator.CorpTokenAsync(Corp);
        }

        app.Time.Advance(TimeSpan.FromHours(21)); // the first reminder is now 25 h old
        token = await app.Emulator.CorpTokenAsync(Corp);
        answers.Add((await CallAsync(app, token, "remind_groupmsg_send", new { msgid = msgId })).Errcode());

        Assert.Equal([0, 0, 0, 41094, 0], answers);
    }

    [Fact]
    public async Task Members_and_customers_are_paged_with_an_opaque_cursor_that_only_fits_its_own_list()
    {
        var (app, token, c) = await StartAsync(customers: 9);
        await using var _ = app;
        await app.Emulator.SeedExistingCustomersAsync(Corp, 1, ["wangwu"]);
        var wangwu = (await app.Emulator.StateAsync()).Customers.First(cu => cu.FollowUsers.Any(f => f.Userid == "wangwu")).ExternalUserid;
        var msgId = await CreateAsync(app, token, [c[0], c[1], wangwu], sender: null);

        var first = await CallAsync(app, token, "get_groupmsg_task", new { msgid = msgId, limit = 2 });
        var cursor = (string)first["next_cursor"]!;
        var rest = await CallAsync(app, token, "get_groupmsg_task", new { msgid = msgId, limit = 2, cursor });

        Assert.Equal(["zhangsan", "lisi"], first["task_list"]!.AsArray().Select(t => (string)t!["userid"]!));
        Assert.Equal(["wangwu"], rest["task_list"]!.AsArray().Select(t => (string)t!["userid"]!));
        Assert.Equal(string.Empty, (string)rest["next_cursor"]!);
        Assert.Equal(3, (await CallAsync(app, token, "get_groupmsg_task", new { msgid = msgId, limit = 5000 }))["task_list"]!.AsArray().Count); // over 1000: the default 500
        Assert.Equal(50100, (await CallAsync(app, token, "get_groupmsg_task", new { msgid = msgId, cursor = "not-a-cursor" })).Errcode());

        var all = await CreateAsync(app, token, [], sender: "zhangsan");
        var page = await CallAsync(app, token, "get_groupmsg_send_result", new { msgid = all, userid = "zhangsan", limit = 3 });
        Assert.Equal(3, page["send_list"]!.AsArray().Count);
        var next = await CallAsync(app, token, "get_groupmsg_send_result", new { msgid = all, userid = "zhangsan", limit = 3, cursor = (string)page["next_cursor"]! });
        Assert.Equal(2, next["send_list"]!.AsArray().Count); // zhangsan follows customers 0, 2, 4, 6, 8
        Assert.Equal(50100, (await CallAsync(app, token, "get_groupmsg_send_result", new { msgid = msgId, userid = "zhangsan", cursor = (string)page["next_cursor"]! })).Errcode());
    }

    [Fact]
    public async Task The_list_covers_at_most_one_month_filters_by_creator_and_pages()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;
        var start = app.Time.GetUtcNow().ToUnixTimeSeconds();
        var byZhangsan = await CreateAsync(app, token, [c[0]], sender: "zhangsan");
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var byLisi = await CreateAsync(app, token, [c[1]], sender: "lisi");
        var end = app.Time.GetUtcNow().ToUnixTimeSeconds();

        var page = await CallAsync(app, token, "get_groupmsg_list_v2", new { chat_type = "single", start_time = start, end_time = end, limit = 1 });
        var rest = await CallAsync(app, token, "get_groupmsg_list_v2", new { chat_type = "single", start_time = start, end_time = end, limit = 1, cursor = (string)page["next_cursor"]! });
        var lisi = await CallAsync(app, token, "get_groupmsg_list_v2", new { chat_type = "single", start_time = start, end_time = end, creator = "lisi" });

        var listed = page["group_msg_list"]![0]!;
        Assert.Equal((byZhangsan, "zhangsan", 0, "双十二特惠"), ((string)listed["msgid"]!, (string)listed["creator"]!, (int)listed["create_type"]!, (string)listed["text"]!["content"]!));
        Assert.Equal([byLisi], rest["group_msg_list"]!.AsArray().Select(m => (string)m!["msgid"]!));
        Assert.Equal([byLisi], lisi["group_msg_list"]!.AsArray().Select(m => (string)m!["msgid"]!));
        Assert.Empty((await CallAsync(app, token, "get_groupmsg_list_v2", new { start_time = start, end_time = end, filter_type = 1 }))["group_msg_list"]!.AsArray());
        Assert.Equal(40058, (await CallAsync(app, token, "get_groupmsg_list_v2", new { start_time = start, end_time = start + (32 * 86400) })).Errcode());
    }

    [Fact]
    public async Task Mass_message_calls_are_in_the_call_log()
    {
        var (app, token, c) = await StartAsync();
        await using var _ = app;

        await CreateAsync(app, token, [c[0]]);
        await AddAsync(app, token, [c[1]]);

        var calls = await app.Emulator.CallsAsync(WeComApis.AddMessageTemplate);
        Assert.Equal([0, 41048], calls.Select(call => call.Errcode));
    }
}
