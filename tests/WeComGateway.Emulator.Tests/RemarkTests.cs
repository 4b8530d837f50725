namespace WeComGateway.Emulator.Tests;

/// <summary>externalcontact/remark with WeCom's limits, seen back through externalcontact/get.</summary>
public sealed class RemarkTests
{
    [Fact]
    public async Task A_remark_set_for_one_member_is_what_get_answers_for_that_member()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();

        var set = await app.PostAsync($"/cgi-bin/externalcontact/remark?access_token={token}", new { userid = "zhangsan", external_userid = "wmREMARK1", remark = "★VIP 张三|老客户", description = "来自展会" });
        var contact = await app.GetJsonAsync($"/cgi-bin/externalcontact/get?access_token={token}&external_userid=wmREMARK1");

        Assert.Equal(0, set.Errcode());
        var follow = Assert.Single(contact["follow_user"]!.AsArray())!;
        Assert.Equal("★VIP 张三|老客户", (string)follow["remark"]!);
        Assert.Equal("来自展会", (string)follow["description"]!);
    }

    [Theory]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一", null)]
    [InlineData(null, null)]
    public async Task A_remark_over_20_characters_or_nothing_at_all_answers_40058(string? remark, string? description)
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();

        var answer = await app.PostAsync($"/cgi-bin/externalcontact/remark?access_token={token}", new { userid = "zhangsan", external_userid = "wmREMARK2", remark, description });

        Assert.Equal(40058, answer.Errcode());
    }
}
