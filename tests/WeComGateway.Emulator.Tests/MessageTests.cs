namespace WeComGateway.Emulator.Tests;

/// <summary>message/send (text cards): WeCom's recipients, agentid, limits and errcodes.</summary>
public sealed class MessageTests
{
    private static object Card(string touser, long agentid = 1000001, string? title = "新线索", int? duplicateCheck = null) => new
    {
        touser,
        msgtype = "textcard",
        agentid,
        textcard = new { title, description = "客户：王先生", url = "https://example.com/leads/1", btntxt = "查看" },
        enable_duplicate_check = duplicateCheck,
    };

    [Fact]
    public async Task A_text_card_reaches_the_members_and_a_departed_one_is_answered_in_invaliduser()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        await app.Emulator.DepartAsync("wwcorp1", "LiSi");

        var answer = await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card("zhangsan|LiSi"));

        Assert.Equal(0, answer.Errcode());
        Assert.Equal("lisi", (string)answer["invaliduser"]!);
        Assert.StartsWith("msg", (string)answer["msgid"]!, StringComparison.Ordinal);
        var message = Assert.Single(await app.Emulator.MessagesAsync());
        Assert.Equal(["zhangsan"], message.DeliveredTo);
        Assert.Equal(("新线索", "查看"), (message.Title, message.Btntxt));
    }

    [Fact]
    public async Task Wrong_agentid_no_recipient_or_only_departed_ones_are_refused_with_WeComs_codes()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        await app.Emulator.DepartAsync("wwcorp1", "gone");

        Assert.Equal(40056, (await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card("zhangsan", agentid: 42))).Errcode());
        Assert.Equal(82001, (await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card(""))).Errcode());
        Assert.Equal(81013, (await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card("gone"))).Errcode());
        Assert.Equal(40058, (await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card("zhangsan", title: null))).Errcode());
        Assert.Equal(40058, (await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card(string.Join('|', Enumerable.Range(0, 1001).Select(i => $"u{i}"))))).Errcode());
        Assert.Empty(await app.Emulator.MessagesAsync());
    }

    [Fact]
    public async Task An_over_long_title_is_truncated_at_128_bytes_as_WeCom_does()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();

        await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card("zhangsan", title: new string('线', 50)));

        Assert.Equal(new string('线', 42), Assert.Single(await app.Emulator.MessagesAsync()).Title); // 3 bytes each
    }

    [Fact]
    public async Task A_member_gets_at_most_30_a_minute_and_a_duplicate_within_the_interval_is_dropped()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        for (var i = 0; i < 31; i++)
        {
            Assert.Equal(0, (await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card("zhangsan", title: $"第{i}条"))).Errcode());
        }

        Assert.Empty((await app.Emulator.MessagesAsync())[0].DeliveredTo);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card("lisi", duplicateCheck: 1));
        await app.PostAsync($"/cgi-bin/message/send?access_token={token}", Card("lisi", duplicateCheck: 1));

        var messages = await app.Emulator.MessagesAsync();
        Assert.Equal(33, messages.Count);
        Assert.Empty(messages[0].DeliveredTo);
        Assert.Equal(["lisi"], messages[1].DeliveredTo);
    }
}
