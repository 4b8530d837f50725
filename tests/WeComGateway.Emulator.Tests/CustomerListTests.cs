using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.Tests;

/// <summary>get_follow_user_list and batch/get_by_user over customers seeded as existing before the install.</summary>
public sealed class CustomerListTests
{
    [Fact]
    public async Task Existing_customers_are_listed_page_by_page_with_their_tag_ids_each_once_per_member()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync("wwcorp1");
        var fruit = await app.Emulator.AddTagAsync("wwcorp1", "兴趣", "爱水果");
        var seeded = await app.Emulator.SeedExistingCustomersAsync("wwcorp1", 25, ["lisi", "zhangsan"]);

        var users = await app.GetJsonAsync($"/cgi-bin/externalcontact/get_follow_user_list?access_token={token}");
        var entries = new List<JsonObject>();
        string cursor = string.Empty;
        var pages = 0;
        do
        {
            var page = await app.PostAsync(
                $"/cgi-bin/externalcontact/batch/get_by_user?access_token={token}", new { userid_list = new[] { "zhangsan", "lisi" }, cursor, limit = 10 });
            Assert.Equal(0, page.Errcode());
            entries.AddRange(page["external_contact_list"]!.AsArray().Select(e => e!.AsObject()));
            cursor = (string)page["next_cursor"]!;
            pages++;
        }
        while (cursor.Length > 0);

        Assert.Equal(["lisi", "zhangsan"], users["follow_user"]!.AsArray().Select(u => (string)u!));
        Assert.Equal(28, entries.Count); // 25 customers, customers 0, 10 and 20 followed by both members
        Assert.Equal(3, pages);
        Assert.Equal(seeded.Order(StringComparer.Ordinal), entries.Select(e => (string)e["external_contact"]!["external_userid"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(28, entries.Select(e => ((string)e["external_contact"]!["external_userid"]!, (string)e["follow_info"]!["userid"]!)).Distinct().Count());
        Assert.All(entries, e => Assert.Equal([fruit], e["follow_info"]!["tag_id"]!.AsArray().Select(t => (string)t!)));
        Assert.All(entries, e => Assert.True((long)e["follow_info"]!["createtime"]! < app.Time.GetUtcNow().ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task A_cursor_of_another_userid_list_or_too_many_userids_answer_40058()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync("wwcorp1");
        await app.Emulator.SeedExistingCustomersAsync("wwcorp1", 5, ["zhangsan"]);
        var first = await app.PostAsync($"/cgi-bin/externalcontact/batch/get_by_user?access_token={token}", new { userid_list = new[] { "zhangsan" }, limit = 2 });

        var otherList = await app.PostAsync(
            $"/cgi-bin/externalcontact/batch/get_by_user?access_token={token}", new { userid_list = new[] { "lisi" }, cursor = (string)first["next_cursor"]!, limit = 2 });
        var tooMany = await app.PostAsync(
            $"/cgi-bin/externalcontact/batch/get_by_user?access_token={token}", new { userid_list = Enumerable.Range(0, 101).Select(i => $"user{i}").ToArray() });

        Assert.Equal(2, first["external_contact_list"]!.AsArray().Count);
        Assert.Equal(40058, otherList.Errcode());
        Assert.Equal(40058, tooMany.Errcode());
    }
}
