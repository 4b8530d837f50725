using WeComGateway.Testing;

namespace WeComGateway.Emulator.Tests;

/// <summary>What happens at WeCom without the gateway asking: installs, renames, uninstalls, console tags, names, expiry.</summary>
public sealed class SteeringTests
{
    [Fact]
    public async Task A_registered_auth_code_is_exchanged_once_for_its_corp_name_and_permanent_code()
    {
        await using var app = await EmulatorApp.StartAsync(defaultCorpId: "");
        var code = await app.Emulator.IssueAuthCodeAsync("wwfruit", "水果店", permanentCode: "perm-chosen-by-the-test");
        var suiteToken = await app.SuiteTokenAsync();

        var first = await app.PostAsync($"/cgi-bin/service/get_permanent_code?suite_access_token={suiteToken}", new { auth_code = code });
        var again = await app.PostAsync($"/cgi-bin/service/get_permanent_code?suite_access_token={suiteToken}", new { auth_code = code });
        var madeUp = await app.PostAsync($"/cgi-bin/service/get_permanent_code?suite_access_token={suiteToken}", new { auth_code = "made-up" });

        Assert.Equal(("wwfruit", "水果店", "perm-chosen-by-the-test"),
            ((string?)first["auth_corp_info"]?["corpid"], (string?)first["auth_corp_info"]?["corp_name"], (string?)first["permanent_code"]));
        Assert.Equal((40078, 40078), (again.Errcode(), madeUp.Errcode()));
        var call = (await app.Emulator.CallsAsync(WeComApis.PermanentCode))[0];
        Assert.Equal(("ww-suite", "wwfruit"), (call.SuiteId, call.CorpId));
    }

    [Fact]
    public async Task A_corp_authorized_earlier_gets_corp_tokens_and_its_new_name_until_it_is_revoked()
    {
        await using var app = await EmulatorApp.StartAsync();
        var permanentCode = await app.Emulator.AuthorizeAsync("wwfruit", "水果店");
        await app.Emulator.RenameCorpAsync("wwfruit", "水果连锁");
        var suiteToken = await app.SuiteTokenAsync();
        var request = new { auth_corpid = "wwfruit", permanent_code = permanentCode };

        var token = await app.PostAsync($"/cgi-bin/service/get_corp_token?suite_access_token={suiteToken}", request);
        var info = await app.PostAsync($"/cgi-bin/service/get_auth_info?suite_access_token={suiteToken}", request);
        await app.Emulator.RevokeAsync("wwfruit");
        var revoked = await app.PostAsync($"/cgi-bin/service/get_auth_info?suite_access_token={suiteToken}", request);
        var oldToken = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token["access_token"]}", new { });

        Assert.Equal("水果连锁", (string?)info["auth_corp_info"]?["corp_name"]);
        Assert.Equal((40084, 42001), (revoked.Errcode(), oldToken.Errcode()));
    }

    [Fact]
    public async Task A_console_tag_is_in_the_tag_list_and_markable_but_not_a_call()
    {
        await using var app = await EmulatorApp.StartAsync();
        var tagId = await app.Emulator.AddTagAsync("wwcorp1", "渠道", "门店");
        var token = await app.Emulator.CorpTokenAsync("wwcorp1");

        var mark = await app.PostAsync($"/cgi-bin/externalcontact/mark_tag?access_token={token}", new { userid = "zhangsan", external_userid = "wm1", add_tag = new[] { tagId } });

        Assert.Equal(0, mark.Errcode());
        Assert.Equal(tagId, await app.Emulator.TagIdAsync("wwcorp1", "渠道", "门店"));
        var call = Assert.Single(await app.Emulator.CallsAsync());
        Assert.Equal([tagId], call.Strings("add_tag"));
    }

    [Fact]
    public async Task Tags_an_employee_sets_by_hand_are_read_by_externalcontact_get_and_a_tag_the_library_lacks_is_refused()
    {
        await using var app = await EmulatorApp.StartAsync();
        var vip = await app.Emulator.AddTagAsync("wwcorp1", "等级", "VIP");
        var fruit = await app.Emulator.AddTagAsync("wwcorp1", "兴趣", "爱水果");
        var token = await app.Emulator.CorpTokenAsync("wwcorp1");

        await app.Emulator.TagByHandAsync("wwcorp1", "wmCUSTOMER1", "lisi", add: [("等级", "VIP"), ("兴趣", "爱水果")]);
        await app.Emulator.TagByHandAsync("wwcorp1", "wmCUSTOMER1", "lisi", remove: [("兴趣", "爱水果")]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Emulator.TagByHandAsync("wwcorp1", "wmCUSTOMER1", "lisi", add: [("等级", "SVIP")]));

        var contact = await app.GetJsonAsync($"/cgi-bin/externalcontact/get?access_token={token}&external_userid=wmCUSTOMER1");
        var follow = Assert.Single(contact["follow_user"]!.AsArray());
        Assert.Equal("lisi", (string?)follow!["userid"]);
        var tag = Assert.Single(follow["tags"]!.AsArray())!;
        Assert.Equal(("等级", "VIP", vip, 1), ((string?)tag["group_name"], (string?)tag["tag_name"], (string?)tag["tag_id"], (int?)tag["type"]));
        Assert.NotEqual(vip, fruit);
        Assert.Contains("404", refused.Message, StringComparison.Ordinal);
        Assert.Single(await app.Emulator.CallsAsync()); // steering is not a call
    }

    [Fact]
    public async Task A_named_customer_is_read_with_that_name_and_the_log_keeps_the_query_without_the_token()
    {
        await using var app = await EmulatorApp.StartAsync();
        await app.Emulator.NameCustomerAsync("wwcorp1", "wmCUSTOMER1", "李雷");
        var token = await app.Emulator.CorpTokenAsync("wwcorp1");

        var contact = await app.GetJsonAsync($"/cgi-bin/externalcontact/get?access_token={token}&external_userid=wmCUSTOMER1");

        Assert.Equal("李雷", (string?)contact["external_contact"]?["name"]);
        var call = Assert.Single(await app.Emulator.CallsAsync(WeComApis.GetContact));
        Assert.Equal(new Dictionary<string, string> { ["external_userid"] = "wmCUSTOMER1" }, call.Query);
    }

    [Fact]
    public async Task An_expired_corp_token_answers_42001_and_the_next_fetch_gets_a_new_one()
    {
        await using var app = await EmulatorApp.StartAsync();
        var (permanentCode, token) = await app.AuthorizeAsync("wwcorp1");

        await app.Emulator.ExpireCorpTokenAsync("wwcorp1");
        var expired = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token}", new { });
        var renewed = await app.PostAsync(
            $"/cgi-bin/service/get_corp_token?suite_access_token={await app.SuiteTokenAsync()}", new { auth_corpid = "wwcorp1", permanent_code = permanentCode });

        Assert.Equal(42001, expired.Errcode());
        Assert.NotEqual(token, (string?)renewed["access_token"]);
        Assert.All(await app.Emulator.CallsAsync(WeComApis.CorpToken), call => Assert.Equal(("ww-suite", "wwcorp1"), (call.SuiteId, call.CorpId)));
    }
}
